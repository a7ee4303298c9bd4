/** Mastodon REST stand-in for tests (x-api.md §5.1): account lookup and account statuses on loopback. */
export { startMastodonStandIn, type MastodonControl, type MastodonStandIn, type MastodonStandInOptions } from './server.js';
export { makeAccount, makeBoost, makeStatus, renderHtml, type MakeStatusInput, type MastodonAccount, type MastodonStatus, type Visibility } from './data.js';
