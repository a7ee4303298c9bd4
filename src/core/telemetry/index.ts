/** Telemetry import: format detection, the per-format readers, and the atomic per-file import. */
export { detectFormat, supportedFormatsText } from './detect-format.js';
export { importFile, type ImportFileOptions } from './import-file.js';
export { prewarmParseWorker } from './import-parse.js';
export { readLines, type Line } from './line-reader.js';
export { readers, readerFor } from './readers/index.js';
export type * from './records.js';
