import { LongText } from '../text/LongText.js';

/**
 * A line as it was in a file, which may be hostile: rendered as text (never
 * markup), hidden characters marked, long lines cut with the rest one click away.
 */
export function RawText({ text }: { text: string }) {
  return <LongText text={text} label="Raw text" lines mono className="raw-text" maxChars={160} maxLines={4} />;
}
