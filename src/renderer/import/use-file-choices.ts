import { useCallback, useState } from 'react';
import type { FilePreview, MappingProfile } from '../../shared/types.js';
import type { Connection } from '../connect.js';
import { errorMessage } from '../error-message.js';
import type { FileChoice, FormatChoice } from './file-choice.js';
import { draftFromPreview, draftFromProfile, profileFits, redraft, type Delimiter, type MappingDraft } from './mapping-draft.js';

/** Rows the wizard shows of a file. */
export const PREVIEW_ROWS = 12;

let nextKey = 0;

/**
 * The files picked in the import dialog: each is handed to the engine (an
 * upload in a browser, a grant by the main process on desktop), previewed, and for a generic
 * CSV/TSV given a first column mapping: a saved profile that fits it, else
 * the engine's suggestion.
 */
export function useFileChoices(connection: Connection, timezone: string) {
  const { client } = connection;
  const [files, setFiles] = useState<FileChoice[]>([]);

  const update = useCallback((key: string, change: (f: FileChoice) => FileChoice) => setFiles((all) => all.map((f) => (f.key === key ? change(f) : f))), []);

  const sourceOf = useCallback(
    async (choice: FileChoice) => {
      if (choice.source) return choice.source;
      update(choice.key, (f) => ({ ...f, stage: f.preview ? f.stage : 'uploading' }));
      const source = await connection.toSource(choice.file);
      update(choice.key, (f) => ({ ...f, source }));
      return source;
    },
    [connection, update],
  );

  const load = useCallback(
    async (choice: FileChoice) => {
      let source;
      try {
        source = await sourceOf(choice);
      } catch (err) {
        update(choice.key, (f) => ({ ...f, stage: 'failed', error: `could not be sent to Sightline: ${errorMessage(err)}` }));
        return;
      }
      update(choice.key, (f) => ({ ...f, stage: 'previewing' }));
      try {
        const [preview, profiles] = await Promise.all([client.previewFile({ source: { fileId: source.fileId }, rows: PREVIEW_ROWS }), client.listMappingProfiles({}).catch(() => [])]);
        update(choice.key, (f) => withPreview(f, preview, profiles, timezone));
      } catch (err) {
        update(choice.key, (f) => ({ ...f, stage: 'failed', error: errorMessage(err) }));
      }
    },
    [client, sourceOf, timezone, update],
  );

  const addFiles = useCallback(
    async (picked: readonly File[]) => {
      const added: FileChoice[] = picked.map((file) => ({
        key: `file-${++nextKey}`,
        file,
        source: null,
        stage: 'uploading',
        preview: null,
        error: null,
        format: 'auto',
        mapping: null,
        profileGaps: [],
      }));
      setFiles((all) => [...all, ...added]);
      // One at a time: uploads of large logs compete for the same disk and link.
      for (const choice of added) await load(choice);
    },
    [load],
  );

  /** Files taken out of the dialog are given back: an uploaded copy is deleted at once, a desktop grant ends. */
  const release = useCallback(
    (gone: readonly FileChoice[]) => {
      const fileIds = gone.flatMap((f) => (f.source ? [f.source.fileId] : []));
      if (fileIds.length > 0) void client.releaseFiles({ fileIds }).catch(() => undefined);
    },
    [client],
  );
  const remove = useCallback(
    (key: string) =>
      setFiles((all) => {
        release(all.filter((f) => f.key === key));
        return all.filter((f) => f.key !== key);
      }),
    [release],
  );
  const clear = useCallback(
    () =>
      setFiles((all) => {
        release(all);
        return [];
      }),
    [release],
  );

  const setFormat = useCallback(
    (key: string, format: FormatChoice) =>
      update(key, (f) => ({
        ...f,
        format,
        // Choosing to map a recognised CSV-shaped file starts from the engine's proposal.
        mapping: format === 'csv-mapped' && !f.mapping && f.preview && f.preview.columns.length > 0 ? draftFromPreview(f.preview, timezone) : f.mapping,
      })),
    [timezone, update],
  );

  const setMapping = useCallback((key: string, mapping: MappingDraft) => update(key, (f) => ({ ...f, mapping, profileGaps: mapping.profile ? f.profileGaps : [] })), [update]);

  /** Reads the file again split another way: the columns change, so the roles are proposed anew. */
  const resplit = useCallback(
    async (choice: FileChoice, delimiter: Delimiter, header: boolean) => {
      if (!choice.mapping) return;
      const before = choice.mapping;
      update(choice.key, (f) => ({ ...f, stage: 'previewing', mapping: { ...before, delimiter, header } }));
      try {
        const preview = await client.previewFile({ source: { fileId: (await sourceOf(choice)).fileId }, delimiter, header, rows: PREVIEW_ROWS });
        update(choice.key, (f) => ({ ...f, stage: 'ready', preview, mapping: redraft(before, preview), profileGaps: [] }));
      } catch (err) {
        update(choice.key, (f) => ({ ...f, stage: 'ready', mapping: before, error: errorMessage(err) }));
      }
    },
    [client, sourceOf, update],
  );

  /** Lays a saved profile over the file, reading it again first when the profile splits it differently. */
  const applyProfile = useCallback(
    async (choice: FileChoice, profile: MappingProfile) => {
      let preview = choice.preview;
      if (!preview) return;
      const delimiter = profile.mapping.delimiter ?? choice.mapping?.delimiter ?? preview.delimiter ?? ',';
      if (delimiter !== preview.delimiter || profile.mapping.header !== (choice.mapping?.header ?? true)) {
        update(choice.key, (f) => ({ ...f, stage: 'previewing' }));
        try {
          preview = await client.previewFile({ source: { fileId: (await sourceOf(choice)).fileId }, delimiter, header: profile.mapping.header, rows: PREVIEW_ROWS });
        } catch (err) {
          update(choice.key, (f) => ({ ...f, stage: 'ready', error: errorMessage(err) }));
          return;
        }
      }
      const { draft, unmatched } = draftFromProfile(profile, preview, timezone, choice.mapping?.detected ?? choice.preview?.delimiter ?? null);
      const read = preview;
      update(choice.key, (f) => ({ ...f, stage: 'ready', preview: read, format: 'csv-mapped', mapping: draft, profileGaps: unmatched, error: null }));
    },
    [client, sourceOf, timezone, update],
  );

  /** Uploads are removed once imported: the next attempt sends the file again. Desktop grants stay. */
  const forgetUploads = useCallback(
    (keys: readonly string[]) => {
      if (connection.sourcesConsumedByImport) setFiles((all) => all.map((f) => (keys.includes(f.key) ? { ...f, source: null } : f)));
    },
    [connection],
  );

  return { files, addFiles, remove, clear, setFormat, setMapping, resplit, applyProfile, forgetUploads, sourceOf };
}

function withPreview(f: FileChoice, preview: FilePreview, profiles: readonly MappingProfile[], timezone: string): FileChoice {
  const read: FileChoice = { ...f, stage: 'ready', preview, error: null };
  if (preview.format !== null || preview.columns.length === 0) return { ...read, format: 'auto', mapping: null, profileGaps: [] };
  // The saved profile naming the most columns of this file wins: an export mapped once is mapped for good.
  const fitting = profiles.filter((p) => profileFits(p, preview)).sort((a, b) => Object.keys(b.mapping.columns).length - Object.keys(a.mapping.columns).length);
  const best = fitting[0];
  if (best) {
    const { draft, unmatched } = draftFromProfile(best, preview, timezone);
    return { ...read, format: 'csv-mapped', mapping: draft, profileGaps: unmatched };
  }
  return { ...read, format: 'csv-mapped', mapping: draftFromPreview(preview, timezone), profileGaps: [] };
}
