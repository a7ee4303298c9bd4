import os from 'node:os';
import path from 'node:path';

/**
 * Where Sightline keeps its databases. SIGHTLINE_HOME wins; otherwise the
 * platform's per-user application-data folder, the same one the desktop app
 * and the CLI use so they see the same cases.
 */
export function resolveDataHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const explicit = env.SIGHTLINE_HOME?.trim();
  if (explicit) return path.resolve(explicit);
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Sightline');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Sightline');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'sightline');
  }
}

export interface HomeLayout {
  root: string;
  homeDb: string;
  casesDir: string;
  uploadsDir: string;
  /** Exports waiting for the browser to fetch them. */
  downloadsDir: string;
}

export function homeLayout(root: string): HomeLayout {
  return {
    root,
    homeDb: path.join(root, 'intel.sqlite'),
    casesDir: path.join(root, 'cases'),
    uploadsDir: path.join(root, 'uploads'),
    downloadsDir: path.join(root, 'downloads'),
  };
}
