import fs from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../../../errors/index.js';

/**
 * Where the X bearer token lives outside the desktop app (which keeps it in
 * Electron safeStorage): SIGHTLINE_X_BEARER, else `x-bearer-token` in the
 * data home, a file that must be readable by its owner only.
 */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
  /** Shown to the user: where a token set now is kept. */
  readonly where: string;
}

export function fileTokenStore(home: string, env: NodeJS.ProcessEnv = process.env): TokenStore {
  const file = path.join(home, 'x-bearer-token');
  return {
    where: env.SIGHTLINE_X_BEARER ? 'the SIGHTLINE_X_BEARER environment variable' : file,
    get() {
      const fromEnv = env.SIGHTLINE_X_BEARER?.trim();
      if (fromEnv) return fromEnv;
      if (!fs.existsSync(file)) return null;
      if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) {
        throw new InvalidInputError(`the token file ${file} can be read by other users: run chmod 600 on it`, { file });
      }
      return fs.readFileSync(file, 'utf8').trim() || null;
    },
    set(token) {
      if (token === null) {
        fs.rmSync(file, { force: true });
        return;
      }
      fs.writeFileSync(file, `${token.trim()}\n`, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
    },
  };
}
