/** SQLite access: opening with checks, versioned migrations, the two schemas. */
export { openDatabase, type OpenOptions } from './open-database.js';
export { migrate, latestVersion, readVersion, type Migration } from './migrate.js';
export { caseMigrations } from './case-migrations.js';
export { homeMigrations } from './home-migrations.js';
