import { z } from 'zod';
import { caseIdSchema } from './types.js';
import { MAX_HOST_CHARS, MAX_IMAGE_CHARS, MAX_NODE_ID_CHARS } from './name-bounds.js';
import { hiddenCharName, hiddenChars } from './visible-text.js';

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
  .min(1, 'a tag is not empty')
  .max(MAX_TAG_CHARS, `a tag is at most ${MAX_TAG_CHARS} characters`)
  // Control, bidi and zero-width characters: a label typed by the analyst has none, and they could make one tag pass for another.
  .superRefine((t, ctx) => {
    const hidden = hiddenChars(t);
    if (hidden.length > 0) ctx.addIssue({ code: 'custom', message: `a tag has no control or invisible characters (it holds ${hiddenCharName(hidden[0] as number)})` });
  });

/** A note's text as written: not blank, at most MAX_NOTE_CHARS. Stored as given; shown with hidden characters marked. */
export const noteBodySchema = z
  .string()
  .max(MAX_NOTE_CHARS, `a note is at most ${MAX_NOTE_CHARS} characters`)
  .refine((b) => b.trim() !== '', 'a note is not empty');

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

/** Notes (newest first) and the tagged targets a query selects. */
export const notesListSchema = z.object({
  notes: z.array(noteSchema),
  tags: z.array(taggedSchema),
  /** Notes the query selects, beyond `limit` included. */
  total: z.number().int(),
});
export type NotesList = z.infer<typeof notesListSchema>;

/** A tag of the case and on how many targets it is. */
export const tagCountSchema = z.object({ tag: z.string(), targets: z.number().int() });
export type TagCount = z.infer<typeof tagCountSchema>;

/** What the analyst wrote about a finding, as the findings list shows it: its own notes and tags and those of its destination. */
export const findingNotesSchema = z.object({ notes: z.number().int(), tags: z.array(z.string()) });
export type FindingNotes = z.infer<typeof findingNotesSchema>;
