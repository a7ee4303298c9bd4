import type { FilePreview, FileRef, TelemetryFormat } from '../../shared/types.js';
import { missingRoles, ROLE_LABEL, type MappingDraft } from './mapping-draft.js';

/** 'auto' = the format the engine recognises from the content. */
export type FormatChoice = TelemetryFormat | 'auto';

/** One file picked for import, from the pick to the moment it is sent. */
export interface FileChoice {
  key: string;
  file: File;
  /** The engine's handle on it (an uploaded copy is removed once imported: then null and sent again on the next attempt). */
  source: FileRef | null;
  stage: 'uploading' | 'previewing' | 'ready' | 'failed';
  preview: FilePreview | null;
  /** Why the file could not be uploaded or previewed. */
  error: string | null;
  format: FormatChoice;
  /** The column mapping (format csv-mapped). */
  mapping: MappingDraft | null;
  /** Roles of the applied profile that this file has no column for. */
  profileGaps: string[];
}

/** Null when the file can be imported as chosen, else what is missing, as a sentence. */
export function notReadyReason(f: FileChoice): string | null {
  if (f.stage === 'uploading') return 'still uploading';
  if (f.stage === 'previewing') return 'still being read';
  if (f.format === 'auto') return f.preview?.format ? null : 'its format is not recognised: map its columns or choose a format';
  if (f.format !== 'csv-mapped') return null;
  if (!f.mapping) return 'it has no columns to map';
  const missing = missingRoles(f.mapping);
  if (missing.length > 0) return `map ${missing.map((r) => ROLE_LABEL[r]).join(', ')}`;
  return null;
}

/** Whether the file is shown with the column-mapping wizard. */
export function needsMapping(f: FileChoice): boolean {
  return f.format === 'csv-mapped' && f.mapping !== null;
}
