import type { MastodonAccount, MastodonStatus } from './data.js';

/** JSON of Mastodon's REST entities (Account, Status), as served by `/api/v1`. */
export function accountJson(account: MastodonAccount, domain: string, statuses: MastodonStatus[]): Record<string, unknown> {
  const own = statuses.filter((s) => s.accountId === account.id);
  const last = own[0]?.createdAt.slice(0, 10) ?? null;
  return {
    id: account.id,
    username: account.username,
    acct: account.username,
    display_name: account.display_name,
    locked: account.locked ?? false,
    bot: account.bot ?? false,
    discoverable: true,
    group: false,
    created_at: account.created_at ?? '2022-11-05T00:00:00.000Z',
    note: account.note ?? '',
    url: `https://${domain}/@${account.username}`,
    uri: `https://${domain}/users/${account.username}`,
    avatar: `https://${domain}/avatars/original/missing.png`,
    avatar_static: `https://${domain}/avatars/original/missing.png`,
    header: `https://${domain}/headers/original/missing.png`,
    header_static: `https://${domain}/headers/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: own.length,
    last_status_at: last,
    emojis: [],
    fields: [],
  };
}

export function statusJson(status: MastodonStatus, domain: string, accounts: Map<string, MastodonAccount>, statuses: MastodonStatus[]): Record<string, unknown> {
  const account = accounts.get(status.accountId);
  if (!account) throw new Error(`status ${status.id}: unknown account ${status.accountId}`);
  const uri = `https://${domain}/users/${account.username}/statuses/${status.id}`;
  return {
    id: status.id,
    created_at: status.createdAt,
    in_reply_to_id: status.inReplyTo?.id ?? null,
    in_reply_to_account_id: status.inReplyTo?.accountId ?? null,
    sensitive: status.sensitive,
    spoiler_text: status.spoilerText,
    visibility: status.visibility,
    language: status.language,
    uri: status.reblogOf ? `${uri}/activity` : uri,
    url: status.reblogOf ? `${uri}/activity` : `https://${domain}/@${account.username}/${status.id}`,
    replies_count: statuses.filter((s) => s.inReplyTo?.id === status.id).length,
    reblogs_count: statuses.filter((s) => s.reblogOf?.id === status.id).length,
    favourites_count: 0,
    edited_at: null,
    content: status.content,
    reblog: status.reblogOf ? statusJson(status.reblogOf, domain, accounts, statuses) : null,
    account: accountJson(account, domain, statuses),
    media_attachments: Array.from({ length: status.mediaCount }, (_, i) => ({
      id: `${status.id}${i}`, type: 'image', url: `https://${domain}/media/${status.id}/${i}.png`, preview_url: `https://${domain}/media/${status.id}/${i}_small.png`, description: null,
    })),
    mentions: status.mentions.map((m) => ({ ...m, url: `https://${domain}/@${m.username}` })),
    tags: status.tags.map((name) => ({ name, url: `https://${domain}/tags/${name}` })),
    emojis: [],
    card: null,
    poll: null,
  };
}
