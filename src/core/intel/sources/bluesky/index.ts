/** Bluesky accounts as intel sources: sync of one account's author feed through the public AppView. */
export { syncBlueskySource, type BlueskyConfig } from './sync-bluesky-source.js';
export { entryPost, feedPage, isHandle } from './bluesky-posts.js';
export { textWithLinks } from './facet-links.js';
