import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { EngineHarness } from '../helpers/engine.js';
import { countZeekTsv, fixtures } from '../helpers/fixtures.js';
import { httpTransport, rawRequest, signIn, type HttpUnderTest } from '../helpers/transports.js';

const h = new EngineHarness();
afterAll(() => h.close());

describe('signing in to the browser host', () => {
  let t: HttpUnderTest;
  beforeAll(async () => {
    t = await httpTransport(h.engine(), h.tmp);
  });
  afterAll(() => t.close());
  const port = () => t.host.port;
  const listCases = (headers: Record<string, string>) => rawRequest(port(), { path: '/api/op/listCases', headers: { Host: `127.0.0.1:${port()}`, ...headers }, body: '{}' });

  it('trades a sign-in code once for an HttpOnly, SameSite=Strict cookie named after the port', async () => {
    const link = t.host.newSignInUrl();
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port()}/signin\\?code=[\\w-]{32}$`));
    const first = await fetch(link, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    expect(first.headers.get('set-cookie')).toMatch(new RegExp(`^sightline-${port()}=[\\w-]{32}; HttpOnly; SameSite=Strict; Path=/$`));
    const again = await fetch(link, { redirect: 'manual' });
    expect([again.status, again.headers.get('set-cookie')]).toEqual([403, null]);
    expect(await again.text()).toMatch(/works once/);
    expect((await fetch(`${t.host.origin}/signin?code=`, { redirect: 'manual' })).status).toBe(403);
  });

  it('answers 401 to API calls without a live session cookie', async () => {
    const cookieName = t.cookie.split('=')[0] as string;
    for (const headers of [{}, { Cookie: `${cookieName}=forged-session-value-000000000` }, { Cookie: `sightline-1=${t.cookie.split('=')[1]}` }, { Authorization: 'Bearer anything' }] as Record<string, string>[]) {
      const res = await listCases(headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect((await listCases({ Cookie: `other=1; ${t.cookie}` })).status).toBe(200);
  });

  it('refuses requests a browser labels as coming from another site or another port of 127.0.0.1', async () => {
    for (const site of ['cross-site', 'same-site']) expect((await listCases({ Cookie: t.cookie, 'Sec-Fetch-Site': site })).status, site).toBe(401);
    expect((await listCases({ Cookie: t.cookie, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await listCases({ Cookie: t.cookie, Origin: `http://127.0.0.1:${port() + 1}` })).status).toBe(403);
    expect((await listCases({ Cookie: t.cookie, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await listCases({ Cookie: t.cookie, Origin: `http://localhost:${port()}` })).status).toBe(200);
  });

  it('answers 403 to a foreign Host header (DNS rebinding), even signed in', async () => {
    const res = await rawRequest(port(), { path: '/api/op/listCases', headers: { Host: `evil.example:${port()}`, Cookie: t.cookie }, body: '{}' });
    expect(res.status).toBe(403);
    expect((await rawRequest(port(), { path: '/', method: 'GET', headers: { Host: `evil.example:${port()}` } })).status).toBe(403);
  });

  it('serves the page without a session, 400 for a malformed path, 404 for an unknown operation', async () => {
    const page = await rawRequest(port(), { path: '/', method: 'GET', headers: { Host: `localhost:${port()}` } });
    expect([page.status, page.body]).toEqual([200, '<!doctype html><title>Sightline test page</title>']);
    for (const bad of ['/%E0%A4%A', '/assets/%', '/%c0%af..%c0%af']) {
      const res = await rawRequest(port(), { path: bad, method: 'GET', headers: { Host: `127.0.0.1:${port()}` } });
      expect([res.status, res.body], bad).toEqual([400, 'bad request: malformed percent-encoding in the path']);
    }
    expect((await rawRequest(port(), { path: '/..%2f..%2fetc%2fpasswd', method: 'GET', headers: { Host: `127.0.0.1:${port()}` } })).status).toBe(404);
    const unknown = await fetch(`${t.host.origin}/api/op/dropTables`, { method: 'POST', headers: { Cookie: t.cookie } });
    expect(unknown.status).toBe(404);
  });

  it('signs in any number of browsers, each with its own link', async () => {
    const a = await signIn(t.host);
    const b = await signIn(t.host);
    expect(a).not.toBe(b);
    expect((await listCases({ Cookie: a })).status).toBe(200);
    expect((await listCases({ Cookie: b })).status).toBe(200);
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
    const res = await fetch(`${t.host.origin}/api/upload?name=big.log`, { method: 'POST', headers: { Cookie: t.cookie }, body: new Blob([new Uint8Array(200 * 1024)]) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: expect.stringMatching(/"big\.log" is 200 KB; the browser host accepts files up to 64 KB .*sightline import/) } });
    expect(uploads()).toEqual([]);
  });

  it('refuses an upload that does not announce its size', async () => {
    const res = await rawRequest(t.host.port, { path: '/api/upload?name=x.log', headers: { Host: `127.0.0.1:${t.host.port}`, Cookie: t.cookie, 'Transfer-Encoding': 'chunked' }, body: 'hello' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/Content-Length/);
    expect(uploads()).toEqual([]);
  });

  it('refuses an upload that would leave the disk without its reserve (507)', async () => {
    const full = h.engine({ uploadLimits: { reserveBytes: Number.MAX_SAFE_INTEGER } });
    const ft = await httpTransport(full, h.tmp);
    try {
      const res = await fetch(`${ft.host.origin}/api/upload?name=a.log`, { method: 'POST', headers: { Cookie: ft.cookie }, body: 'x' });
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

  it('hands an export to the browser once, as an attachment, then removes it', async () => {
    await engine.invoke('intelImport', { sources: [engine.files.source(fixtures.tweetfeedCsv)] });
    const r = await t.client.intelExport({ format: 'csv', includeExpired: true });
    const url = `${t.host.origin}/api/download/${r.download?.fileId}`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { Cookie: t.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sightline-intel-\d{4}-\d\d-\d\d\.csv"/);
    const body = await res.text();
    expect(body.trim().split('\n')).toHaveLength(r.records + 1);
    expect(r.records).toBeGreaterThan(50);
    // Removed once the host has sent it all (the client may finish reading a moment earlier).
    await vi.waitFor(() => expect(fs.readdirSync(engine.layout.downloadsDir)).toEqual([]));
    expect((await fetch(url, { headers: { Cookie: t.cookie } })).status).toBe(404);
  });
});
