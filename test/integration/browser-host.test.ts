import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { EngineHarness } from '../helpers/engine.js';
import { countZeekTsv, fixtures } from '../helpers/fixtures.js';
import { Sessions } from '../../src/cli/serve/sessions.js';
import { httpTransport, rawRequest, signIn, type HttpUnderTest } from '../helpers/transports.js';

const MB = 1 << 20;

const h = new EngineHarness();
afterAll(() => h.close());

describe('signing in to the browser host', () => {
  let t: HttpUnderTest;
  beforeAll(async () => {
    t = await httpTransport(h.engine(), h.tmp);
  });
  afterAll(() => t.close());
  const port = () => t.host.port;
  const bearer = () => ({ Authorization: `Bearer ${t.token}` });
  const listCases = (headers: Record<string, string>) => rawRequest(port(), { path: '/api/op/listCases', headers: { Host: `127.0.0.1:${port()}`, ...headers }, body: '{}' });
  const redeem = (code: string | null, headers: Record<string, string> = {}) =>
    rawRequest(port(), { path: '/api/session', headers: { Host: `127.0.0.1:${port()}`, ...headers }, body: JSON.stringify({ code }) });

  it('trades a sign-in code, carried in the link\'s fragment, once for a session token; no cookie is set', async () => {
    const link = t.host.newSignInUrl();
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port()}/#code=[\\w-]{32}$`));
    const code = new URLSearchParams(new URL(link).hash.slice(1)).get('code');
    const first = await fetch(`${t.host.origin}/api/session`, { method: 'POST', body: JSON.stringify({ code }) });
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toBeNull();
    const token = ((await first.json()) as { result: { token: string } }).result.token;
    expect(token).toMatch(/^[\w-]{32}$/);
    expect((await listCases({ Authorization: `Bearer ${token}` })).status).toBe(200);
    const again = await redeem(code);
    expect(again.status).toBe(401);
    expect(again.body).toMatch(/each link works once/);
    for (const bad of [null, '', 'x'.repeat(32)]) expect((await redeem(bad)).status).toBe(401);
  });

  it('answers 401 to API calls without a live session token', async () => {
    for (const headers of [{}, { Authorization: 'Bearer forged-session-value-0000000000' }, { Authorization: t.token }, { Cookie: `sightline-${port()}=${t.token}` }] as Record<string, string>[]) {
      const res = await listCases(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect((await listCases(bearer())).status).toBe(200);
  });

  it('refuses requests a browser labels as coming from another site, another port of 127.0.0.1 or an opaque origin', async () => {
    for (const site of ['cross-site', 'same-site']) expect((await listCases({ ...bearer(), 'Sec-Fetch-Site': site })).status, site).toBe(401);
    expect((await listCases({ ...bearer(), Origin: 'null' })).status).toBe(401);
    expect((await redeem(new URLSearchParams(new URL(t.host.newSignInUrl()).hash.slice(1)).get('code'), { 'Sec-Fetch-Site': 'same-site' })).status).toBe(401);
    expect((await listCases({ ...bearer(), 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await listCases({ ...bearer(), Origin: `http://127.0.0.1:${port() + 1}` })).status).toBe(403);
    expect((await listCases({ ...bearer(), Origin: 'http://evil.example' })).status).toBe(403);
    expect((await listCases({ ...bearer(), Origin: `http://localhost:${port()}` })).status).toBe(200);
  });

  it('answers 403 to a foreign Host header (DNS rebinding), even signed in', async () => {
    const res = await rawRequest(port(), { path: '/api/op/listCases', headers: { Host: `evil.example:${port()}`, ...bearer() }, body: '{}' });
    expect(res.status).toBe(403);
    expect((await rawRequest(port(), { path: '/', method: 'GET', headers: { Host: `evil.example:${port()}` } })).status).toBe(403);
  });

  it('serves the page without a session, 400 for a malformed path, 404 for an unknown operation or a link out of the page\'s folder', async () => {
    const page = await rawRequest(port(), { path: '/', method: 'GET', headers: { Host: `localhost:${port()}` } });
    expect([page.status, page.body]).toEqual([200, '<!doctype html><title>Sightline test page</title>']);
    for (const bad of ['/%E0%A4%A', '/assets/%', '/%c0%af..%c0%af']) {
      const res = await rawRequest(port(), { path: bad, method: 'GET', headers: { Host: `127.0.0.1:${port()}` } });
      expect([res.status, res.body], bad).toEqual([400, 'bad request: malformed percent-encoding in the path']);
    }
    expect((await rawRequest(port(), { path: '/..%2f..%2fetc%2fpasswd', method: 'GET', headers: { Host: `127.0.0.1:${port()}` } })).status).toBe(404);
    const unknown = await fetch(`${t.host.origin}/api/op/dropTables`, { method: 'POST', headers: bearer() });
    expect(unknown.status).toBe(404);
  });

  it('signs in any number of tabs, each with its own link and token', async () => {
    const a = await signIn(t.host);
    const b = await signIn(t.host);
    expect(a).not.toBe(b);
    expect((await listCases({ Authorization: `Bearer ${a}` })).status).toBe(200);
    expect((await listCases({ Authorization: `Bearer ${b}` })).status).toBe(200);
  });
});

describe('sign-in codes expire', () => {
  it('a link unused for 15 minutes no longer signs in', () => {
    let now = 0;
    const sessions = new Sessions(() => now);
    const code = sessions.newCode();
    const later = sessions.newCode();
    now = 15 * 60 * 1000 + 1;
    expect(sessions.redeem(code)).toBeNull();
    expect(sessions.redeem(later)).toBeNull();
    const fresh = sessions.newCode();
    expect(sessions.redeem(fresh)).toMatch(/^[\w-]{32}$/);
  });
});

describe('uploads and downloads', () => {
  let t: HttpUnderTest;
  let engine: Engine;
  beforeAll(async () => {
    engine = h.engine({ uploadLimits: { maxBytes: 64 * 1024 } });
    t = await httpTransport(engine, h.tmp);
  });
  afterAll(() => t.close());
  const uploads = () => fs.readdirSync(engine.layout.uploadsDir);

  it('imports an uploaded file, then removes the copy; the id is spent', async () => {
    const caseId = (await t.client.createCase({ name: 'Uploaded' })).id;
    const ref = await t.upload(new Blob([fs.readFileSync(fixtures.zeekTsv)]), 'lsass-conn.log');
    expect(ref).toEqual({ fileId: expect.stringMatching(/^[a-f0-9]{32}$/), name: 'lsass-conn.log', bytes: fs.statSync(fixtures.zeekTsv).size });
    expect(fs.statSync(path.join(engine.layout.uploadsDir, ref.fileId)).mode & 0o777).toBe(0o600);
    const { files } = await t.client.importFiles({ caseId, sources: [{ fileId: ref.fileId }] });
    expect(files).toEqual([{ file: 'lsass-conn.log', status: 'imported', format: 'zeek-conn-tsv', importId: expect.any(Number), ...countZeekTsv(fixtures.zeekTsv) }]);
    expect(uploads()).toEqual([]);
    const again = await t.client.importFiles({ caseId, sources: [{ fileId: ref.fileId }] });
    expect(again.files[0]).toMatchObject({ status: 'failed', errorField: 'fileId', error: expect.stringContaining('choose it again') });
  });

  it('refuses an upload over the size limit before storing a byte, with 413 and a sentence', async () => {
    const res = await fetch(`${t.host.origin}/api/upload?name=big.log`, { method: 'POST', headers: { Authorization: `Bearer ${t.token}` }, body: new Blob([new Uint8Array(200 * 1024)]) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringMatching(/"big\.log" is 200 KB; the browser host accepts files up to 64 KB .*sightline import/) } });
    expect(uploads()).toEqual([]);
  });

  it('refuses an upload that does not announce its size', async () => {
    const res = await rawRequest(t.host.port, { path: '/api/upload?name=x.log', headers: { Host: `127.0.0.1:${t.host.port}`, Authorization: `Bearer ${t.token}`, 'Transfer-Encoding': 'chunked' }, body: 'hello' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/Content-Length/);
    expect(uploads()).toEqual([]);
  });

  it('refuses an upload that would leave the disk without its reserve (507)', async () => {
    const full = h.engine({ uploadLimits: { reserveBytes: Number.MAX_SAFE_INTEGER } });
    const ft = await httpTransport(full, h.tmp);
    try {
      const res = await fetch(`${ft.host.origin}/api/upload?name=a.log`, { method: 'POST', headers: { Authorization: `Bearer ${ft.token}` }, body: 'x' });
      expect(res.status).toBe(507);
      expect(await res.json()).toMatchObject({ error: { code: 'NO_SPACE', message: expect.stringMatching(/does not fit: .* free/) } });
      expect(fs.readdirSync(full.layout.uploadsDir)).toEqual([]);
    } finally {
      await ft.close();
    }
  });

  it('deletes an upload the page gives back, and every upload when the engine closes', async () => {
    const a = await t.upload(new Blob(['a\n']), 'a.log');
    const b = await t.upload(new Blob(['b\n']), 'b.log');
    expect(uploads().sort()).toEqual([a.fileId, b.fileId].sort());
    expect(await t.client.releaseFiles({ fileIds: [a.fileId] })).toEqual({ released: 1 });
    expect(uploads()).toEqual([b.fileId]);
    const other = h.engine();
    const ot = await httpTransport(other, h.tmp);
    const c = await ot.upload(new Blob(['c\n']), 'c.log');
    await ot.close();
    h.closeEngine(other);
    expect(fs.readdirSync(other.layout.uploadsDir)).not.toContain(c.fileId);
  });

  it('hands an export to the browser once, as an attachment, to the first request only, then removes it', async () => {
    await engine.invoke('intelImport', { sources: [engine.files.source(fixtures.tweetfeedCsv)] });
    const r = await t.client.intelExport({ format: 'csv', includeExpired: true });
    expect(fs.statSync(path.join(engine.layout.downloadsDir, r.download?.fileId ?? '')).mode & 0o777).toBe(0o600);
    const url = `${t.host.origin}/api/download/${r.download?.fileId}`;
    // The id is the capability (a link the browser follows carries no header); two requests at once get it once.
    const [a, b] = await Promise.all([fetch(url), fetch(url)]);
    const [ok, refused] = a.status === 200 ? [a, b] : [b, a];
    expect([ok.status, refused.status]).toEqual([200, 404]);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename="sightline-intel-\d{4}-\d\d-\d\d\.csv"/);
    const body = await ok.text();
    expect(body.trim().split('\n')).toHaveLength(r.records + 1);
    expect(r.records).toBeGreaterThan(50);
    // Removed once the host has sent it all (the client may finish reading a moment earlier).
    await vi.waitFor(() => expect(fs.readdirSync(engine.layout.downloadsDir)).toEqual([]));
    expect((await fetch(url)).status).toBe(404);
  });

  it('leaves nothing behind when an upload is cut off or dropped, and counts uploads still arriving against the disk reserve', async () => {
    // Announces 1000 bytes, sends 10 and closes its side of the connection: nothing is kept.
    const before = uploads();
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(t.host.port, '127.0.0.1', () => {
        socket.write(`POST /api/upload?name=cut.log HTTP/1.1\r\nHost: 127.0.0.1:${t.host.port}\r\nAuthorization: Bearer ${t.token}\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(10)}`);
        socket.end();
      });
      let got = '';
      socket.on('data', (c: Buffer) => (got += c.toString()));
      socket.on('close', () => resolve(got));
      socket.on('error', () => resolve(got));
    });
    expect(answer).not.toMatch(/^HTTP\/1\.1 200/);
    await vi.waitFor(() => expect(uploads()).toEqual(before));

    // The volume reports 64 MB free whatever else the machine writes meanwhile; 16 MB must stay free.
    const tight = h.engine({ uploadLimits: { maxBytes: Number.MAX_SAFE_INTEGER, reserveBytes: 16 * MB, freeBytes: () => 64 * MB } });
    const tt = await httpTransport(tight, h.tmp);
    try {
      // The first upload announces 32 MB and sends 1,000 bytes of it; a second of 32 MB no longer fits beside it.
      const slow = http.request({ host: '127.0.0.1', port: tt.host.port, path: '/api/upload?name=slow.log', method: 'POST', headers: { Authorization: `Bearer ${tt.token}`, 'Content-Length': String(32 * MB) } });
      slow.on('error', () => undefined);
      slow.write('y'.repeat(1000));
      await vi.waitFor(() => expect(fs.readdirSync(tight.layout.uploadsDir)).toHaveLength(1));
      const second = await fetch(`${tt.host.origin}/api/upload?name=second.log`, { method: 'POST', headers: { Authorization: `Bearer ${tt.token}` }, body: new Uint8Array(32 * MB) });
      expect(second.status).toBe(507);
      expect(await second.text()).toContain('free');
      // The first is dropped: its file goes, and what it announced no longer counts.
      slow.destroy();
      await vi.waitFor(() => expect(fs.readdirSync(tight.layout.uploadsDir)).toEqual([]));
      const third = await fetch(`${tt.host.origin}/api/upload?name=third.log`, { method: 'POST', headers: { Authorization: `Bearer ${tt.token}` }, body: new Uint8Array(32 * MB) });
      expect(third.status).toBe(200);
    } finally {
      await tt.close();
    }
  });
});
