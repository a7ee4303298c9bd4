/** Chart geometry (bins, ticks, bars) as pure functions: the UI draws it with React SVG, reports in Node. */
export * from './bins.js';
export * from './ticks.js';
export * from './bars.js';
