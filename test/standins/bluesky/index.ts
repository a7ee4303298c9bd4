/** Bluesky AppView stand-in for tests (x-api.md §5.2): profiles, handle resolution and author feeds on loopback. */
export { startBlueskyStandIn, type BlueskyControl, type BlueskyStandIn, type BlueskyStandInOptions } from './server.js';
export { cidOf, makeActor, makeBskyPost, makeRepost, shortUrl, tid, type BskyActor, type BskyPost, type BskyRepost, type Facet, type MakeBskyPostInput } from './data.js';
