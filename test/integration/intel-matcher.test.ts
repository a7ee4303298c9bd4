import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDecay } from '../../src/core/intel/decay.js';
import { IntelMatcher } from '../../src/core/intel/matcher.js';
import { lookupValue } from '../../src/core/intel/store/queries.js';
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
      const at = { now: Date.now(), model: defaultDecay };
      const m = IntelMatcher.load(db, at);
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
      // The score it matches with is the store's own (decayed, verdicts applied), read from numbers in bulk.
      for (const value of ['185.51.100.7', '45.133.113.0/24', '2a0e:db8::5', 'evil.example']) {
        const hit = m.match(value.replace(/\/\d+$/, '').replace(/\.0$/, '.1'));
        expect(hit?.score, value).toBe(lookupValue(db, value, at).score);
      }
      // Expired indicators only when asked for: none here are expired, so both agree.
      expect(IntelMatcher.load(db, { now: Date.now() + 400 * 86_400_000, model: defaultDecay }).match('185.51.100.7')).toBeNull();
      expect(IntelMatcher.load(db, { now: Date.now() + 400 * 86_400_000, model: defaultDecay }, { includeExpired: true }).match('185.51.100.7')).not.toBeNull();
    } finally {
      db.close();
    }
  });
});

describe('in-memory matcher scores', () => {
  it('match the store\'s lookup for every address of a list, and a confirmed verdict keeps an expired one', async () => {
    const engine = h.engine();
    const list = path.join(h.tmp.make(), 'many.txt');
    const values = Array.from({ length: 300 }, (_, i) => `45.${(i * 7) % 250}.${(i * 13) % 250}.${(i % 250) + 1}`);
    fs.writeFileSync(list, values.join('\n'));
    await engine.invoke('intelImport', { sources: [engine.files.source(list)] });
    await engine.invoke('intelSetVerdict', { type: 'ipv4', value: values[0] as string, verdict: 'confirmed' });
    const db = new Database(engine.layout.homeDb, { readonly: true });
    try {
      for (const days of [0, 3, 17.5, 29]) {
        const at = { now: Date.now() + days * 86_400_000, model: defaultDecay };
        const m = IntelMatcher.load(db, at);
        for (const v of values) expect(m.match(v)?.score, `${v} after ${days} days`).toBe(lookupValue(db, v, at).score);
      }
      const late = { now: Date.now() + 60 * 86_400_000, model: defaultDecay };
      const m = IntelMatcher.load(db, late);
      expect(m.size).toBe(1);
      expect(m.match(values[0] as string)?.score).toBe(lookupValue(db, values[0] as string, late).score);
    } finally {
      db.close();
    }
  });
});
