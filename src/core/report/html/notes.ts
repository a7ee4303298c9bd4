import { formatTime } from '../../../shared/display-format.js';
import type { Note } from '../../../shared/notes-types.js';
import { longText, t } from './text.js';

/** Notes are at most 20,000 characters (notes-types.ts); a report shows them whole. */
const NOTE_CHARS = 20_000;

/** What a note is about, in words: a node id, or a finding by its unit. */
export function noteTargetText(n: Note): string {
  const target = n.target;
  if (target.kind === 'node') return target.nodeId;
  const who = target.process === null ? target.host : `${target.host} ${target.process}`;
  return `finding ${who} → ${target.dst}${target.dport === null ? '' : `:${target.dport}`}`;
}

/**
 * The analyst's notes, as written: preformatted text, escaped, hidden
 * characters shown. (Their Markdown is shown as typed: a link in a note is
 * text, never a link.)
 */
export function notesHtml(notes: readonly Note[], withTarget = false): string {
  if (notes.length === 0) return '<p class="muted small">No notes.</p>';
  return notes
    .map(
      (n) =>
        `<div class="note"><p class="muted small">${withTarget ? `On ${t(noteTargetText(n))} · ` : ''}written ${formatTime(n.createdAt)}${n.updatedAt !== n.createdAt ? `, edited ${formatTime(n.updatedAt)}` : ''}</p><pre>${longText(n.body, NOTE_CHARS, true)}</pre></div>`,
    )
    .join('');
}
