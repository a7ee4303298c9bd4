/**
 * Indicator extraction from free text (X posts, pastes, reports): refang,
 * scan, classify, and say why each refused candidate was refused.
 */
export { extractIndicators, type ExtractOptions } from './extract-indicators.js';
export { refang } from './refang.js';
export { ambiguousExtensions, fileExtensions } from './file-extensions.js';
