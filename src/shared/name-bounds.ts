/**
 * The longest names that become graph node ids (`host:NAME`,
 * `process:HOST|IMAGE`): a host name (a DNS name is at most 253 characters;
 * 255 leaves room for a name a mapped export writes with a few more) and a
 * process image path (Windows' longest path, 32,767 characters). An import
 * quarantines a record with a longer one (core/bounds.ts), so no node id is
 * longer than MAX_NODE_ID_CHARS, which is what getEntityDetails accepts.
 */
export const MAX_HOST_CHARS = 255;
export const MAX_IMAGE_CHARS = 32_767;
export const MAX_NODE_ID_CHARS = 'process:'.length + MAX_HOST_CHARS + '|'.length + MAX_IMAGE_CHARS;
