import { Fragment, useMemo } from 'react';
import { hiddenCharName, hiddenMarker, visiblePieces } from '../../shared/visible-text.js';

/**
 * A name or value from a file or a post, as text (never markup), with every
 * hidden character (bidi override, zero-width, control…) shown as a marked
 * `⟨U+202E⟩` that names itself on hover. Isolated, so right-to-left text in
 * the value cannot reorder what stands beside it.
 */
export function VisibleText({ text, lines = false, breakAfterSeparators = false }: { text: string; lines?: boolean; breakAfterSeparators?: boolean }) {
  const pieces = useMemo(() => visiblePieces(text, { lines }), [text, lines]);
  return (
    <span className="visible-text">
      {pieces.map((p, i) =>
        'text' in p ? (
          <Fragment key={i}>{breakAfterSeparators ? withBreaks(p.text) : p.text}</Fragment>
        ) : (
          <span key={i} className="hidden-char" title={hiddenCharName(p.hidden)}>
            {hiddenMarker(p.hidden)}
          </span>
        ),
      )}
    </span>
  );
}

/**
 * A path or a DOMAIN\user wraps after a separator (`\`, `/`) when it must
 * wrap, not inside a name ("msedge.ex" / "e"): a break opportunity after each.
 */
function withBreaks(text: string) {
  const parts = text.split(/(?<=[\\/])/);
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && <wbr />}
    </Fragment>
  ));
}
