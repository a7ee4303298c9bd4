/** SQLite access: opening with checks, versioned migrations, the two schemas, waiting for other writers. */
export { openDatabase, type OpenOptions } from './open-database.js';
export { migrate, latestVersion, readVersion, type Migration } from './migrate.js';
export { caseMigrations } from './case-migrations.js';
export { homeMigrations } from './home-migrations.js';
export { DEFAULT_WRITE_WAIT_MS, beginWrite, isBusy, tryWrite, withWrite, type WriteWait } from './write-lock.js';
export { jobLockFile, takeJobLock, type JobLock } from './job-lock.js';
