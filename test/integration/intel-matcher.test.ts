import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDecay } from '../../src/core/intel/decay.js';
import { IntelMatcher } from '../../src/core/intel/matcher.js';
import { EngineHarness } from '../helpers/engine.js';

const h = new EngineHarness();
afterEach(() => h.close());

describe('in-memory matcher', () => {
  it('matches addresses exactly and inside the widest stored network, leaving out false positives and the allowlist', async () => {
    const engine = h.engine();
    const list = path.join(h.tmp.make(), 'mixed.txt');
    fs.writeFileSync(list, ['185.51.100.7', '45.133.113.0/24', '45.133.113.128/25', '194.0.2.0/28', '2a0e:db8::5', '2a0e:db8:1::/48', 'evil.example', '185.51.100.8', '185.51.100.9'].join('\n'));
    await engine.invoke('intelImport', { sources: [engine.files.source(list)] });
    await engine.invoke('intelSetVerdict', { type: 'ipv4', value: '185.51.100.8', verdict: 'false-positive' });
    await engine.invoke('intelSetAllowlisted', { type: 'ipv4', value: '185.51.100.9', allowlisted: true });

    const db = new Database(engine.layout.homeDb, { readonly: true });
    try {
      const m = IntelMatcher.load(db, { now: Date.now(), model: defaultDecay });
      expect(m.match('185.51.100.7')).toMatchObject({ type: 'ipv4', indicator: '185.51.100.7' });
      expect(m.match('45.133.113.200')).toMatchObject({ type: 'cidr', indicator: '45.133.113.0/24' });
      expect(m.match('194.0.2.15')).toMatchObject({ type: 'cidr', indicator: '194.0.2.0/28' });
      expect(m.match('194.0.2.16')).toBeNull();
      expect(m.match('203.0.112.255')).toBeNull();
      expect(m.match('2a0e:db8::5')).toMatchObject({ type: 'ipv6' });
      expect(m.match('2a0e:db8:1:2::9')).toMatchObject({ type: 'cidr', indicator: '2a0e:db8:1::/48' });
      expect(m.match('cdn.evil.example')).toMatchObject({ type: 'domain', indicator: 'evil.example' });
      expect(m.match('notevil.example')).toBeNull();
      expect(m.match('185.51.100.8')).toBeNull();
      expect(m.match('185.51.100.9')).toBeNull();
      // Expired indicators only when asked for: none here are expired, so both agree.
      expect(IntelMatcher.load(db, { now: Date.now() + 400 * 86_400_000, model: defaultDecay }).match('185.51.100.7')).toBeNull();
      expect(IntelMatcher.load(db, { now: Date.now() + 400 * 86_400_000, model: defaultDecay }, { includeExpired: true }).match('185.51.100.7')).not.toBeNull();
    } finally {
      db.close();
    }
  });
});
