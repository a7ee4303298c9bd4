import { z } from 'zod';
import { caseIdSchema } from './types.js';
import { MAX_HOST_CHARS, MAX_IMAGE_CHARS, MAX_NODE_ID_CHARS } from './name-bounds.js';

/**
 * What a note or a tag is about: a graph node (`host:…`, `process:HOST|IMAGE`,
 * `ip:…`), or a finding, named by its unit and port rather than its id,
 * because each analysis stores its findings anew (ids change, the unit stays).
 */
export const noteTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('node'), nodeId: z.string().min(1).max(MAX_NODE_ID_CHARS) }).strict(),
  z
    .object({
      kind: z.literal('finding'),
      host: z.string().min(1).max(MAX_HOST_CHARS),
      /** The process image path; null for a finding on sensor flows. */
      process: z.string().max(MAX_IMAGE_CHARS).nullable(),
      dst: z.string().min(1).max(MAX_NODE_ID_CHARS),
      /** The finding's port; null when it is about every port of the unit. */
      dport: z.number().int().min(0).max(65535).nullable(),
    })
    .strict(),
]);
export type NoteTarget = z.infer<typeof noteTargetSchema>;

/** A note's text: Markdown, always shown as text (never as HTML), at most this long. */
export const MAX_NOTE_CHARS = 20_000;
/** A tag: a short label, compared without letter case; no control characters. */
export const MAX_TAG_CHARS = 64;
export const MAX_TAGS_PER_TARGET = 32;

export const noteSchema = z.object({
  id: z.number().int(),
  target: noteTargetSchema,
  body: z.string(),
  /** ISO 8601 UTC. */
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Note = z.infer<typeof noteSchema>;

export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_TAG_CHARS)
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  .refine((t) => !/[\u0000-\u001f\u007f-\u009f]/.test(t), 'a tag has no control characters');

export const taggedSchema = z.object({ target: noteTargetSchema, tags: z.array(z.string()) });
export type Tagged = z.infer<typeof taggedSchema>;

export const notesQuerySchema = z.object({
  caseId: caseIdSchema,
  /** Only the notes and tags of this target. */
  target: noteTargetSchema.optional(),
  /** Words in the note text or a tag (case-insensitive). */
  search: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
});
