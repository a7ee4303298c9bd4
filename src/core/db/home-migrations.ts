import type { Migration } from './migrate.js';

/**
 * Schema of the home database (`intel.sqlite`): application settings now;
 * the IoC store grows here in later migrations.
 */
export const homeMigrations: readonly Migration[] = [
  {
    version: 1,
    description: 'application settings',
    up: (db) => {
      db.exec(`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    },
  },
];
