/** What the REST sources (Mastodon, Bluesky) share: allowed origins, a polite JSON client, and error states. */
export { apiOrigin, isLoopbackHost, loopbackBaseUrl, RefusedOriginError } from './origin.js';
export { numberHeader, SourceHttp, type JsonAnswer, type RateReading } from './source-http.js';
export { HttpStatusError, MalformedAnswerError, NetworkError, RateLimitStop } from './errors.js';
export { classifyHttpError, type ClassifiedError } from './classify-http-error.js';
