/** The contract and the plain data types shared by every runtime. Pure: no Node, no DOM, no Electron. */
export * from './contract.js';
export * from './client.js';
export * from './dispatch.js';
export * from './error-payload.js';
export * from './types.js';
export * from './ipc-channels.js';
export * from './csp.js';
export * from './visible-text.js';
export * from './cut-text.js';
export * from './case-name.js';
export * from './name-bounds.js';
export * from './job-progress.js';
