/** The engine's failure kinds, one class each, and their mapping to the boundary payload. */
export { SightlineError, type ErrorLocation } from './sightline-error.js';
export * from './error-kinds.js';
export { toErrorPayload } from './to-error-payload.js';
export { serializeError, deserializeError, type SerializedError } from './thread-errors.js';
