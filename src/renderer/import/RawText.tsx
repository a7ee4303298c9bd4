import { useState } from 'react';
import { formatCount } from '../format.js';

const CLIP_AT = 160;

/**
 * A line as it was in a file, which may be hostile: rendered as text (never
 * markup), control and bidi-override characters made visible so nothing
 * hides or reorders what is shown, long lines clipped with the rest one
 * click away.
 */
export function RawText({ text }: { text: string }) {
  const [expanded, setExpanded] = useState(false);
  const visible = revealInvisibles(text);
  const long = visible.length > CLIP_AT;
  return (
    <div className={`raw-text${expanded ? ' expanded' : ''}`}>
      <code className="mono">{long && !expanded ? `${visible.slice(0, CLIP_AT)}…` : visible}</code>
      {long && (
        <button type="button" className="link small" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
          {expanded ? 'Show less' : `Show all ${formatCount(text.length)} characters`}
        </button>
      )}
    </div>
  );
}

/** C0 controls as their Unicode pictures (␛, ␀…), bidi overrides and zero-width characters as ⟦U+XXXX⟧. */
export function revealInvisibles(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => (c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))))
      .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟧`)
  );
}
