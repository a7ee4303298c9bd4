import fs from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { homeMigrations } from '../../src/core/db/home-migrations.js';
import { takeJobLock, type JobLock } from '../../src/core/db/job-lock.js';
import { buildCli, runCli, startCli, type CliResult, type RunningCli } from '../helpers/cli.js';
import type { Engine } from '../../src/core/engine.js';
import type { ImportProgress } from '../../src/shared/types.js';
import { EngineHarness } from '../helpers/engine.js';
import { countSysmon, countZeekJson, countZeekTsv, fixtures, repoRoot } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';
import { httpTransport, type HttpUnderTest } from '../helpers/transports.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';
import { makePost, startXApiStandIn, type XApiStandIn } from '../standins/x-api/index.js';
import { sampleUsers } from '../standins/x-api/sample-data.js';

// Real `sightline` processes racing on one data home, as the CLI, the desktop app and
// `sightline serve` do when they share it. Nothing here may end with exit 2.
const tmp = new TempDirs();
const files = new TempDirs();
let home: string;
/** A Zeek log big enough that importing it takes seconds: the "busy" writer. */
let big: string;
const BIG_ROWS = 300_000;
const locks: JobLock[] = [];

beforeAll(() => {
  buildCli();
  big = path.join(files.make('sightline-race-'), 'big-conn.log');
  writeZeekTsv(big, BIG_ROWS, 11);
  // The same rows under other connection ids: a second big import that is no duplicate of the first.
  writeZeekTsv(big.replace(/\.log$/, '-again.log'), BIG_ROWS, 12);
}, 180_000);
afterAll(() => files.cleanup());
beforeEach(() => {
  home = tmp.make('sightline-race-home-');
});
afterEach(async () => {
  for (const l of locks.splice(0)) l.release();
  for (const c of strays.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  await Promise.all(running.splice(0).map((r) => (r.child.exitCode === null ? (r.child.kill('SIGKILL'), r.done) : r.done)));
  tmp.cleanup();
});

const running: RunningCli[] = [];
/** Other child processes, killed after each test should one still run. */
const strays: ChildProcess[] = [];
function start(args: string[], env: Record<string, string> = {}): RunningCli {
  const r = startCli(home, args, env);
  running.push(r);
  return r;
}

interface Listed {
  id: string;
  name: string;
  eventCount: number;
  importCount: number;
  problem?: string;
}
async function listCases(): Promise<Listed[]> {
  const r = await runCli(home, ['cases', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { cases: Listed[] }).cases;
}

/** Resolves once `writer` is in its import transaction: the case database's write lock is taken. */
async function writing(caseId: string, writer: RunningCli): Promise<void> {
  const file = path.join(home, 'cases', `${caseId}.sqlite`);
  for (;;) {
    if (writer.child.exitCode !== null) throw new Error(`the import ended before it was seen writing: ${writer.stderr()}`);
    if (fs.existsSync(file) && writeLockTaken(file)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function writeLockTaken(file: string): boolean {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw err;
  } finally {
    db.close();
  }
}

const noExit2 = (results: CliResult[]) => expect(results.filter((r) => r.code === 2).map((r) => r.stdout + r.stderr)).toEqual([]);
const WAITING = /waiting for another import into case "Busy" to finish… \(Ctrl-C to stop\)/;

describe('processes opening one fresh database at the same instant', () => {
  /**
   * `count` Node processes that each open the files `dir/fresh-<trial>.sqlite` with Sightline's
   * openDatabase, all at once per trial (each waits for the trial's go file); one line of what each
   * found per trial.
   */
  async function openTogether(dir: string, count: number, trials: number): Promise<string[][]> {
    const script = `
      import fs from 'node:fs';
      import path from 'node:path';
      const { openDatabase } = await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'core', 'db', 'open-database.js')).href)});
      const { homeMigrations } = await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', 'core', 'db', 'home-migrations.js')).href)});
      const [dir, trials] = [process.argv[1], Number(process.argv[2])];
      process.stdout.write('ready\\n');
      for (let t = 0; t < trials; t++) {
        while (!fs.existsSync(path.join(dir, \`go-\${t}\`))) {}
        try {
          const db = openDatabase(path.join(dir, \`fresh-\${t}.sqlite\`), homeMigrations, 'the home database');
          process.stdout.write(\`ok \${db.pragma('journal_mode', { simple: true })} \${db.pragma('user_version', { simple: true })} \${db.pragma('page_size', { simple: true })}\\n\`);
          db.close();
        } catch (err) {
          process.stdout.write(\`failed \${err.code}: \${err.message}\\n\`);
        }
      }
    `;
    const children = Array.from({ length: count }, () => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', script, dir, String(trials)], { stdio: ['ignore', 'pipe', 'inherit'] });
      strays.push(c);
      const lines: string[] = [];
      let rest = '';
      c.stdout.on('data', (d: Buffer) => {
        const parts = (rest + d.toString()).split('\n');
        rest = parts.pop() ?? '';
        lines.push(...parts);
      });
      return lines;
    });
    const said = async (n: number) => {
      while (!children.every((lines) => lines.length >= n)) await new Promise((r) => setTimeout(r, 2));
    };
    await said(1);
    const results: string[][] = [];
    for (let t = 0; t < trials; t++) {
      fs.writeFileSync(path.join(dir, `go-${t}`), '');
      await said(t + 2);
      results.push(children.map((lines) => lines[t + 1] as string));
    }
    return results;
  }

  it('all get it in WAL at the latest schema, trial after trial (SQLite does not wait when two switch a fresh file to WAL)', async () => {
    const latest = homeMigrations.at(-1)?.version;
    const results = await openTogether(home, 4, 60);
    results.forEach((said, trial) => expect(said, `trial ${trial}`).toEqual(Array(4).fill(`ok wal ${latest} 16384`)));
  }, 120_000);
});

describe('imports racing into one case', () => {
  it('several `import --case NEW` at once make one case that holds every file, trial after trial', async () => {
    // The name in three spellings: the command line finds cases by name regardless of letter case.
    const runs = [
      { file: fixtures.zeekTsv, name: 'Race Case', events: countZeekTsv(fixtures.zeekTsv).events },
      { file: fixtures.sysmonWevtutil, name: 'race case', events: countSysmon(fixtures.sysmonWevtutil).events },
      { file: fixtures.zeekJson, name: 'RACE CASE', events: countZeekJson(fixtures.zeekJson).events },
    ];
    const total = runs.reduce((n, r) => n + r.events, 0);
    for (let trial = 0; trial < 5; trial++) {
      home = tmp.make('sightline-race-home-');
      const results = await Promise.all(runs.map((r) => runCli(home, ['import', r.file, '--case', r.name, '--json'])));
      noExit2(results);
      for (const r of results) expect(r.code, r.stdout + r.stderr).toBe(0);
      const cases = await listCases();
      expect(cases, `trial ${trial}`).toEqual([expect.objectContaining({ id: 'race-case', eventCount: total, importCount: 3 })]);
      expect(['Race Case', 'race case', 'RACE CASE']).toContain(cases[0]?.name);
      // Every import reported the one case.
      for (const r of results) expect(JSON.parse(r.stdout)).toMatchObject({ case: { id: 'race-case' } });
      expect(fs.readdirSync(path.join(home, 'cases')).filter((f) => f.startsWith('.creating-'))).toEqual([]);
    }
  });

  it('a second import into a case another import is writing waits for it, says so, and both land; readers work meanwhile', async () => {
    const first = start(['import', big, '--case', 'Busy']);
    await writing('busy', first);
    const second = start(['import', fixtures.zeekTsv, '--case', 'Busy']);
    await second.saidOnStderr(WAITING);
    // Readers are not held up by the writer: they see the case as last committed, the big file all or not at all.
    const [cases, graph] = await Promise.all([runCli(home, ['cases', '--json']), runCli(home, ['graph', '--case', 'Busy', '--json'])]);
    expect(cases.code, cases.stderr).toBe(0);
    const listed = (JSON.parse(cases.stdout) as { cases: Listed[] }).cases;
    expect(listed).toEqual([expect.objectContaining({ id: 'busy', name: 'Busy' })]);
    expect([0, BIG_ROWS]).toContain(listed[0]?.eventCount);
    expect(graph.code, graph.stderr).toBe(0);
    expect(JSON.parse(graph.stdout)).toMatchObject({ case: { id: 'busy', name: 'Busy' } });

    const [a, b] = await Promise.all([first.done, second.done]);
    noExit2([a, b]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^imported .*lsass-conn\.log \[zeek-conn-tsv\]/m);
    expect(await listCases()).toEqual([expect.objectContaining({ id: 'busy', eventCount: BIG_ROWS + countZeekTsv(fixtures.zeekTsv).events, importCount: 2 })]);
  }, 120_000);

  it('a writer killed mid-import (kill -9) leaves the case as it was and nothing held: the next import runs at once', async () => {
    expect((await runCli(home, ['import', fixtures.zeekTsv, '--case', 'Busy'])).code).toBe(0);
    const killed = start(['import', big, '--case', 'Busy']);
    await writing('busy', killed);
    killed.child.kill('SIGKILL');
    await killed.done;
    expect(await listCases()).toEqual([expect.objectContaining({ id: 'busy', eventCount: countZeekTsv(fixtures.zeekTsv).events, importCount: 1 })]);
    const next = await runCli(home, ['import', fixtures.sysmonWevtutil, '--case', 'Busy', '--wait', '0']);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/waiting/);
    expect(await listCases()).toEqual([
      expect.objectContaining({ eventCount: countZeekTsv(fixtures.zeekTsv).events + countSysmon(fixtures.sysmonWevtutil).events, importCount: 2 }),
    ]);
  }, 120_000);
});

describe('a writer that waits for another', () => {
  const caseFile = () => path.join(home, 'cases', 'busy.sqlite');
  /** Holds the case the way another Sightline's import does, until released. */
  async function holdCase(): Promise<JobLock> {
    expect((await runCli(home, ['import', fixtures.zeekTsv, '--case', 'Busy'])).code).toBe(0);
    const lock = await takeJobLock(caseFile(), { what: 'test', maxWaitMs: 0 });
    locks.push(lock);
    return lock;
  }
  const eventsNow = async () => (await listCases())[0]?.eventCount;

  it('goes on when the other finishes', async () => {
    const lock = await holdCase();
    const waiting = start(['import', fixtures.sysmonWevtutil, '--case', 'Busy']);
    await waiting.saidOnStderr(WAITING);
    await new Promise((r) => setTimeout(r, 500));
    expect(waiting.child.exitCode).toBeNull();
    lock.release();
    const r = await waiting.done;
    expect(r.code, r.stderr).toBe(0);
    expect(await eventsNow()).toBe(countZeekTsv(fixtures.zeekTsv).events + countSysmon(fixtures.sysmonWevtutil).events);
  });

  it('stops on Ctrl-C while waiting, with exit 1 and nothing changed', async () => {
    await holdCase();
    const waiting = start(['import', fixtures.sysmonWevtutil, '--case', 'Busy']);
    await waiting.saidOnStderr(WAITING);
    waiting.child.kill('SIGINT');
    const r = await waiting.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cancelled while waiting to write to case "Busy"; nothing was changed/);
    expect(await eventsNow()).toBe(countZeekTsv(fixtures.zeekTsv).events);
  });

  it('gives up past --wait with BUSY (exit 1) and a sentence saying what to do', async () => {
    await holdCase();
    const started = Date.now();
    const r = await runCli(home, ['import', fixtures.sysmonWevtutil, '--case', 'Busy', '--wait', '1', '--json']);
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(JSON.parse(r.stdout)).toEqual({
      error: {
        code: 'BUSY',
        message: expect.stringMatching(/^case "Busy" is busy: another Sightline window or command has been writing to it for over 1 s; try again when it has finished$/),
        file: caseFile(),
      },
    });
    expect(await eventsNow()).toBe(countZeekTsv(fixtures.zeekTsv).events);
    expect((await runCli(home, ['cases', '--wait', 'soon'])).stderr).toMatch(/--wait takes seconds from 0 to 86400, not "soon"/);
  });
});

describe('`sightline serve` and a command writing to one case', () => {
  const h = new EngineHarness();
  const hosts: HttpUnderTest[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((x) => x.close()));
    h.close();
  });
  async function serve(): Promise<HttpUnderTest & { engine: Engine }> {
    const engine = h.engine({ home });
    const x = await httpTransport(engine, h.tmp);
    hosts.push(x);
    return { ...x, engine };
  }

  it('a command waits for an import the browser host is running, and the host for one the command is running', async () => {
    // The browser host's own grants stand for files the page uploaded: what is under test is the writing.
    const { client, engine } = await serve();
    const c = await client.createCase({ name: 'Busy' });
    const progress: ImportProgress[] = [];
    const hostImport = client.importFiles({ caseId: c.id, sources: [engine.files.source(big)] }, { onProgress: (p) => progress.push(p) });
    while (!progress.some((p) => p.rows > 0)) await new Promise((r) => setTimeout(r, 20));
    const command = start(['import', fixtures.zeekTsv, '--case', 'Busy']);
    await command.saidOnStderr(WAITING);
    // The host answers meanwhile.
    expect(await client.listCases({})).toEqual([expect.objectContaining({ id: 'busy' })]);
    expect((await hostImport).files).toEqual([expect.objectContaining({ status: 'imported', events: BIG_ROWS })]);
    const r = await command.done;
    expect(r.code, r.stderr).toBe(0);

    // The other way round.
    const second = start(['import', big.replace(/\.log$/, '-again.log'), '--case', 'Busy']);
    await writing('busy', second);
    const waits: ImportProgress[] = [];
    const hostSecond = await client.importFiles({ caseId: c.id, sources: [engine.files.source(fixtures.sysmonWevtutil)] }, { onProgress: (p) => waits.push(p) });
    expect(hostSecond.files).toEqual([expect.objectContaining({ status: 'imported' })]);
    expect(waits.some((p) => p.waitingSeconds !== undefined)).toBe(true);
    expect((await second.done).code).toBe(0);
    expect(await listCases()).toEqual([
      expect.objectContaining({ id: 'busy', importCount: 4, eventCount: 2 * BIG_ROWS + countZeekTsv(fixtures.zeekTsv).events + countSysmon(fixtures.sysmonWevtutil).events }),
    ]);
  }, 180_000);
});

describe('intel writers racing on the home database', () => {
  const h = new EngineHarness();
  const servers: XApiStandIn[] = [];
  afterEach(async () => {
    h.close();
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const stats = async () => {
    const r = await runCli(home, ['intel', 'stats', '--json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { indicators: number; sightings: number; sources: number };
  };
  /** The store after importing `paths` one after another, by the engine in this process. */
  async function sequentially(paths: string[]) {
    const engine = h.engine();
    await engine.invoke('intelImport', { sources: paths.map((p) => engine.files.source(p)) });
    return engine.invoke('intelStats', {});
  }

  it('two intel imports and a source added at once, into a fresh home, store everything once, trial after trial', async () => {
    const expected = await sequentially([fixtures.tweetfeedCsv, fixtures.stixBundle]);
    expect(expected.sightings).toBeGreaterThan(0);
    for (let trial = 0; trial < 4; trial++) {
      home = tmp.make('sightline-race-home-');
      const results = await Promise.all([
        runCli(home, ['intel', 'import', fixtures.tweetfeedCsv, '--json']),
        runCli(home, ['intel', 'import', fixtures.stixBundle, '--json']),
        runCli(home, ['intel', 'sources', 'add', 'x-account', 'some_feed', '--json']),
      ]);
      noExit2(results);
      for (const r of results) expect(r.code, `trial ${trial}: ${r.stdout}${r.stderr}`).toBe(0);
      const now = await stats();
      expect(now, `trial ${trial}`).toMatchObject({ indicators: expected.indicators, sightings: expected.sightings });
      const sources = JSON.parse((await runCli(home, ['intel', 'sources', '--json'])).stdout) as { sources: { name: string }[] };
      // The shipped accounts once each (seeded by whichever process started first), and the one added.
      const names = sources.sources.map((s) => s.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names).toContain('x:@some_feed');
    }
  });

  it('an intel sync and an intel import at once both finish, one after the other', async () => {
    const s = await startXApiStandIn({ users: sampleUsers(), posts: feedPosts(250), tokens: { good: 'ok' } });
    servers.push(s);
    const env = { SIGHTLINE_X_API_BASE_URL: s.baseUrl, SIGHTLINE_X_BEARER: 'good' };
    const expected = await sequentially([fixtures.tweetfeedCsv]);
    for (let trial = 0; trial < 2; trial++) {
      home = tmp.make('sightline-race-home-');
      expect((await runCli(home, ['intel', 'sources', 'add', 'x-account', 'HoneyFeedOne'])).code).toBe(0);
      const [sync, imported] = await Promise.all([
        runCli(home, ['intel', 'sync', '--source', 'x:@HoneyFeedOne', '--json'], env),
        runCli(home, ['intel', 'import', fixtures.tweetfeedCsv, '--json']),
      ]);
      noExit2([sync, imported]);
      expect(sync.code, sync.stdout + sync.stderr).toBe(0);
      expect(JSON.parse(sync.stdout)).toEqual({ sources: [expect.objectContaining({ source: 'x:@HoneyFeedOne', state: 'ok', posts: 250, newSightings: 250 })] });
      expect(imported.code, imported.stdout + imported.stderr).toBe(0);
      expect((await stats()).sightings).toBe(expected.sightings + 250);
    }
  });
});

/** Honeypot-bot style posts, one address each (public ranges), newest first. */
function feedPosts(count: number) {
  const newest = Date.now() - 60_000;
  return Array.from({ length: count }, (_, i) =>
    makePost({ authorUsername: 'HoneyFeedOne', createdAt: newest - i * 60_000, text: `honeypot-7: #SSH Possible SSH attack from 45.95.${Math.floor(i / 250)}.${(i % 250) + 1}` }),
  );
}
