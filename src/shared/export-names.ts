/** The intel export formats, with the extension and save-dialog filter of each. */
export const intelExportFormats = {
  bundle: { extension: 'slb', label: 'Sightline offline bundle' },
  csv: { extension: 'csv', label: 'CSV' },
  stix: { extension: 'stix.json', label: 'STIX 2.1 bundle' },
  misp: { extension: 'misp.json', label: 'MISP event' },
} as const;

export type IntelExportFormat = keyof typeof intelExportFormats;

/** The name an export is offered under: what it is and the day it was made. */
export function intelExportFileName(format: IntelExportFormat, at: number): string {
  return `sightline-intel-${new Date(at).toISOString().slice(0, 10)}.${intelExportFormats[format].extension}`;
}
