/** The engine, plain Node, unaware of Electron: the facade and what hosts need to start it. */
export { Engine, type EngineOptions, type CallOptions } from './engine.js';
export { resolveDataHome } from './home/data-home.js';
export { toErrorPayload } from './errors/index.js';
export { prewarmParseWorker } from './telemetry/index.js';
export type { PdfPrinter, PrintOptions } from './report/pdf-printer.js';
export { reportCancelled } from './report/report-cancelled.js';
