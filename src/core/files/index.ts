/** The files operations may touch: granted by id (paths never cross the contract), spooled uploads and downloads. */
export { FileGrants, type FileAccess, type FileGrantsOptions, type GrantedFiles } from './file-grants.js';
export { SpoolDir, formatBytes, type SpoolLimits } from './spool-dir.js';
export { insideFolder } from './inside-folder.js';
