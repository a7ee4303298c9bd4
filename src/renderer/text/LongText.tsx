import { useEffect, useState } from 'react';
import { cutText } from '../../shared/cut-text.js';
import { formatCount } from '../format.js';
import { copyText } from './copy-text.js';
import { FullText } from './FullText.js';
import { VisibleText } from './VisibleText.js';

interface Props {
  text: string;
  /** What the value is ("Command line"), for the full view's and the buttons' accessible names. */
  label: string;
  /** Multi-line text (posts, raw lines): line feeds and tabs kept. */
  lines?: boolean;
  mono?: boolean;
  className?: string;
  maxChars?: number;
  maxLines?: number;
  /** Paths and DOMAIN\user names: wrap after a separator rather than inside a name. */
  breakAfterSeparators?: boolean;
}

/**
 * A value that may be huge, shown cut (by characters and lines) with
 * "Show all (N characters)" and "Copy". Only the head is laid out until asked;
 * all of it then opens in a viewer that lays out what is in view.
 */
export function LongText({ text, label, lines = false, mono = false, className = '', maxChars = 300, maxLines = 6, breakAfterSeparators = false }: Props) {
  const [expanded, setExpanded] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(null), 4000);
    return () => clearTimeout(t);
  }, [copied]);

  const { head, cut } = cutText(text, maxChars, lines ? maxLines : Infinity);
  const Head = mono ? 'code' : 'span';
  const copy = () =>
    copyText(text).then(
      () => setCopied(`Copied ${formatCount(text.length)} characters`),
      (err: unknown) => setCopied(`Copy failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  return (
    <div className={`long-text${mono ? ' mono' : ''}${expanded ? ' expanded' : ''} ${className}`.trimEnd()}>
      {expanded ? (
        <FullText text={text} label={`${label}, all ${formatCount(text.length)} characters`} lines={lines} />
      ) : (
        <Head className="long-text-head">
          <VisibleText text={head} lines={lines} breakAfterSeparators={breakAfterSeparators} />
          {cut && <span className="cut-mark">…</span>}
        </Head>
      )}
      {cut && (
        <div className="long-text-actions small">
          <button type="button" className="link" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
            {expanded ? 'Show less' : `Show all (${formatCount(text.length)} characters)`}
          </button>
          <button type="button" className="link" aria-label={`Copy all of ${label}`} onClick={() => void copy()}>
            Copy
          </button>
          {copied && (
            <span role="status" className="muted">
              {copied}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
