import { formatTime } from '../../../shared/display-format.js';
import { inlineText, parseMarkdown, type MdBlock, type MdInline } from '../../../shared/markdown.js';
import type { Note } from '../../../shared/notes-types.js';
import { postLink, t } from './text.js';

/** What a note is about, in words: a node id, or a finding by its unit. */
export function noteTargetText(n: Note): string {
  const target = n.target;
  if (target.kind === 'node') return target.nodeId;
  const who = target.process === null ? target.host : `${target.host} ${target.process}`;
  return `finding ${who} → ${target.dst}${target.dport === null ? '' : `:${target.dport}`}`;
}

/**
 * The analyst's notes: their Markdown parsed into data (shared/markdown.ts,
 * as the details panel renders it) and written as HTML from that data,
 * never from markup in the text: every piece escaped with hidden characters
 * shown, a link a link only for http and https (its address always shown).
 */
export function notesHtml(notes: readonly Note[], withTarget = false): string {
  if (notes.length === 0) return '<p class="muted small">No notes.</p>';
  return notes
    .map(
      (n) =>
        `<div class="note"><p class="muted small">${withTarget ? `On ${t(noteTargetText(n))} · ` : ''}written ${formatTime(n.createdAt)}${n.updatedAt !== n.createdAt ? `, edited ${formatTime(n.updatedAt)}` : ''}</p>${parseMarkdown(n.body).map(block).join('')}</div>`,
    )
    .join('');
}

function block(b: MdBlock): string {
  switch (b.t) {
    case 'p':
      return `<p>${inlines(b.children)}</p>`;
    case 'heading':
      return `<p><strong>${inlines(b.children)}</strong></p>`;
    case 'code':
      return `<pre>${t(b.text, { lines: true })}</pre>`;
    case 'list': {
      const items = b.items.map((item) => `<li>${inlines(item)}</li>`).join('');
      return b.ordered ? `<ol start="${b.start}">${items}</ol>` : `<ul>${items}</ul>`;
    }
  }
}

function inlines(nodes: readonly MdInline[]): string {
  return nodes.map(inline).join('');
}

function inline(n: MdInline): string {
  switch (n.t) {
    case 'text':
      return t(n.text);
    case 'br':
      return '<br>';
    case 'code':
      return `<code>${t(n.text)}</code>`;
    case 'strong':
      return `<strong>${inlines(n.children)}</strong>`;
    case 'em':
      return `<em>${inlines(n.children)}</em>`;
    case 'link': {
      const address = postLink(n.url);
      // The label never stands alone: the address it leads to is shown beside it.
      return n.auto || inlineText(n.children) === n.url ? address : `${inlines(n.children)} (${address})`;
    }
  }
}
