import { shortText } from '../../shared/cut-text.js';
import { formatTime } from '../format.js';
import { LongText } from '../text/LongText.js';
import { VisibleText } from '../text/VisibleText.js';

/** A post (X allows 25,000 characters) shows its first lines; all of it one click away. */
const POST_CHARS = 1200;
const POST_LINES = 16;
const LINK_CHARS = 300;

interface Props {
  source: string;
  author: string | null;
  at: string;
  text: string | null;
  link: string | null;
  /** After the time, e.g. " · port 443". */
  extra?: string;
}

/**
 * One post or record behind an indicator: source, author, time, the original
 * text and its link. Post text is hostile: rendered as text with hidden
 * characters shown, never as markup; only http(s) links are links, opening
 * outside the app.
 */
export function PostQuote({ source, author, at, text, link, extra }: Props) {
  return (
    <>
      <div className="small">
        <strong>
          <VisibleText text={source} />
        </strong>
        {author && (
          <>
            {' · @'}
            <VisibleText text={author} />
          </>
        )}{' '}
        · {formatTime(at)}
        {extra}
      </div>
      {text && (
        <blockquote className="post-text">
          <LongText text={text} label="Post text" lines maxChars={POST_CHARS} maxLines={POST_LINES} />
        </blockquote>
      )}
      {link &&
        (/^https?:\/\//i.test(link) ? (
          <a href={link} target="_blank" rel="noopener noreferrer" className="small post-link">
            <VisibleText text={shortText(link, LINK_CHARS)} />
          </a>
        ) : (
          <div className="small muted">
            <VisibleText text={shortText(link, LINK_CHARS)} />
          </div>
        ))}
    </>
  );
}
