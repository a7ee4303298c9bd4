/**
 * X API v2 stand-in for tests (x-api.md §2): a node:http server on 127.0.0.1 speaking the real wire
 * format of users/by, users/by/username/:username, users/:id/tweets and tweets/search/recent, with
 * per-token auth behaviours, per-endpoint rate limits, a controllable clock and fault injection.
 * Point twitter-api-v2 at it with `createApiRedirectPlugin(standIn.baseUrl)`.
 */
export { startXApiStandIn, type XApiControl, type XApiStandIn } from './server.js';
export { makePost, makeRetweet, makeUser, type MakePostInput } from './make-post.js';
export { LIMITS_LEGACY_BASIC, LIMITS_LEGACY_FREE, LIMITS_LEGACY_PRO, LIMITS_PAY_PER_USE } from './auth-rate.js';
export { msFromSnowflake, snowflakeFromMs } from './snowflake.js';
export { tcoFor } from './entities.js';
export { decodeToken, encodeToken } from './pagination.js';
export type { FaultSpec } from '../shared/faults.js';
export { loopbackTls } from '../shared/tls.js';
export type * from './types.js';
