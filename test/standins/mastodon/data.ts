import { createHash } from 'node:crypto';

/**
 * Mastodon accounts and statuses for the stand-in (x-api.md §5.1). Ids are Mastodon snowflakes
 * (`ms << 16 | sequence`, decimal strings); `content` is the HTML Mastodon renders from plain text.
 */
export interface MastodonAccount {
  id: string;
  username: string;
  display_name: string;
  locked?: boolean;
  bot?: boolean;
  note?: string;
  created_at?: string;
}

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface MastodonStatus {
  id: string;
  accountId: string;
  createdAt: string;
  /** Rendered HTML (`<p>…</p>`); empty for a boost. */
  content: string;
  spoilerText: string;
  visibility: Visibility;
  sensitive: boolean;
  language: string | null;
  inReplyTo?: { id: string; accountId: string };
  /** Set on a boost: the boosted status. */
  reblogOf?: MastodonStatus;
  tags: string[];
  mentions: { id: string; username: string; acct: string }[];
  mediaCount: number;
  pinned: boolean;
}

let sequence = 0;

export function mastodonId(ms: number): string {
  return ((BigInt(Math.floor(ms)) << 16n) | BigInt(sequence++ & 0xffff)).toString();
}

export function makeAccount(input: { username: string; display_name?: string; id?: string } & Partial<MastodonAccount>): MastodonAccount {
  const id = input.id ?? (createHash('sha256').update(input.username).digest().readBigUInt64BE(0) % 10n ** 17n).toString();
  return { ...input, id, display_name: input.display_name ?? input.username };
}

export interface MakeStatusInput {
  account: MastodonAccount;
  /** Plain text as typed; rendered to Mastodon's HTML. */
  text: string;
  createdAt: string | number | Date;
  spoilerText?: string;
  visibility?: Visibility;
  language?: string;
  inReplyTo?: MastodonStatus;
  mediaCount?: number;
  pinned?: boolean;
  /** Accounts that `@username` mentions resolve to. */
  known?: MastodonAccount[];
  domain?: string;
}

export function makeStatus(input: MakeStatusInput): MastodonStatus {
  const ms = new Date(input.createdAt).getTime();
  const domain = input.domain ?? 'mastodon.example';
  const rendered = renderHtml(input.text, domain, input.known ?? [input.account]);
  const status: MastodonStatus = {
    id: mastodonId(ms),
    accountId: input.account.id,
    createdAt: new Date(ms).toISOString(),
    content: rendered.html,
    spoilerText: input.spoilerText ?? '',
    visibility: input.visibility ?? 'public',
    sensitive: Boolean(input.spoilerText),
    language: input.language ?? 'en',
    tags: rendered.tags,
    mentions: rendered.mentions,
    mediaCount: input.mediaCount ?? 0,
    pinned: input.pinned ?? false,
  };
  if (input.inReplyTo) status.inReplyTo = { id: input.inReplyTo.id, accountId: input.inReplyTo.accountId };
  return status;
}

/** A boost of `original` by `account`: empty content, the original under `reblog`. */
export function makeBoost(original: MastodonStatus, by: { account: MastodonAccount; createdAt: string | number | Date }): MastodonStatus {
  const ms = new Date(by.createdAt).getTime();
  return {
    id: mastodonId(ms), accountId: by.account.id, createdAt: new Date(ms).toISOString(), content: '', spoilerText: '',
    visibility: 'public', sensitive: false, language: null, reblogOf: original, tags: [], mentions: [], mediaCount: 0, pinned: false,
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Mastodon's `shortened_link`: scheme hidden, 30 visible characters, the rest hidden. */
function link(url: string): string {
  const prefix = /^(https?:\/\/(www\.)?)/.exec(url)?.[1] ?? '';
  const rest = url.slice(prefix.length);
  const cut = rest.length > 30;
  return `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener noreferrer" translate="no"><span class="invisible">${escapeHtml(prefix)}</span><span class="${cut ? 'ellipsis' : ''}">${escapeHtml(rest.slice(0, 30))}</span><span class="invisible">${escapeHtml(rest.slice(30))}</span></a>`;
}

const TOKENS = /(https?:\/\/[^\s<>"]+)|(?<![\w/)])#(\w*[a-zA-Z]\w*)|(?<![\w/])@(\w+)(?:@([\w.-]+\w))?/g;

/** Plain text → Mastodon HTML: links, hashtags, mentions of known accounts, `<p>` and `<br />`. */
export function renderHtml(text: string, domain: string, known: MastodonAccount[]) {
  const tags: string[] = [];
  const mentions: MastodonStatus['mentions'] = [];
  let html = '';
  let at = 0;
  for (const m of text.matchAll(TOKENS)) {
    let piece: string | undefined;
    let end = m.index + m[0].length;
    if (m[1]) {
      const url = m[1].replace(/[.,;:!?'")\]]+$/, '');
      end = m.index + url.length;
      piece = link(url);
    } else if (m[2]) {
      tags.push(m[2].toLowerCase());
      piece = `<a href="https://${domain}/tags/${escapeHtml(m[2].toLowerCase())}" class="mention hashtag" rel="tag">#<span>${escapeHtml(m[2])}</span></a>`;
    } else if (m[3]) {
      const target = known.find((a) => a.username.toLowerCase() === m[3]?.toLowerCase() && (!m[4] || m[4] === domain));
      if (target) {
        mentions.push({ id: target.id, username: target.username, acct: target.username });
        piece = `<span class="h-card" translate="no"><a href="https://${domain}/@${escapeHtml(target.username)}" class="u-url mention">@<span>${escapeHtml(target.username)}</span></a></span>`;
      }
    }
    if (piece === undefined) continue;
    html += escapeHtml(text.slice(at, m.index)) + piece;
    at = end;
  }
  html += escapeHtml(text.slice(at));
  html = `<p>${html.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '</p><p>').replace(/\n/g, '<br />')}</p>`;
  return { html, tags: [...new Set(tags)], mentions };
}
