/** Mastodon accounts as intel sources: sync of one account's public statuses through its home instance's REST API. */
export { syncMastodonSource, type MastodonConfig } from './sync-mastodon-source.js';
export { htmlToText, decodeEntities } from './html-to-text.js';
export { statusPost } from './mastodon-posts.js';
