import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { InvalidInputError } from '../core/errors/index.js';
import type { TokenStore } from '../core/intel/sources/x/bearer-token.js';

/**
 * The X bearer token on the desktop: encrypted with Electron safeStorage
 * (Keychain, DPAPI, libsecret) in the data home, never stored in clear.
 * SIGHTLINE_X_BEARER still wins, as in the CLI.
 */
export function safeStorageTokenStore(home: string): TokenStore {
  const file = path.join(home, 'x-bearer-token.enc');
  return {
    where: 'the system keychain (Electron safeStorage)',
    get() {
      const fromEnv = process.env['SIGHTLINE_X_BEARER']?.trim();
      if (fromEnv) return fromEnv;
      if (!fs.existsSync(file)) return null;
      return safeStorage.decryptString(fs.readFileSync(file));
    },
    set(token) {
      if (token === null) {
        fs.rmSync(file, { force: true });
        return;
      }
      if (!safeStorage.isEncryptionAvailable()) {
        throw new InvalidInputError('this system offers no secure storage for the token: set SIGHTLINE_X_BEARER instead', { field: 'token' });
      }
      fs.writeFileSync(file, safeStorage.encryptString(token.trim()), { mode: 0o600 });
    },
  };
}
