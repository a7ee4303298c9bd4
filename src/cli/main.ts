import { parseArgs } from 'node:util';
import { Engine, prewarmParseWorker } from '../core/index.js';
import { reportCommand } from './commands/report.js';
import { analyzeCommand } from './commands/analyze.js';
import { allowlistCommand, verdictCommand } from './commands/verdicts.js';
import { casesCommand } from './commands/cases.js';
import { notesCommand, tagsCommand } from './commands/notes.js';
import { graphCommand } from './commands/graph.js';
import { importCommand } from './commands/import.js';
import { intelCommand } from './commands/intel.js';
import { importsCommand } from './commands/imports.js';
import { quarantineCommand } from './commands/quarantine.js';
import { parseSize, serveCommand } from './commands/serve.js';
import { EXIT_USER, reportFailure, shown, UsageError } from './output.js';
import { packageVersion, resourcesDir } from './paths.js';

const USAGE = `Usage: sightline <command> [options]

Commands:
  serve [--port N] [--no-open] [--max-upload SIZE] [--case NAME]
                                         the UI in your browser, on 127.0.0.1 only
                                         (--case: the link opens that case)
  cases [--json]                         list cases
  cases delete NAME [--yes] [--json]     delete a case and everything in it (waits for a job
                                         writing to it); asks for its name unless --yes
  import FILE... --case NAME [--json]    import telemetry (Zeek, Sysmon JSON/ECS/CSV/XML/EVTX,
                                         nfdump CSV, Argus, Suricata eve.json, Windows Firewall;
                                         .gz too); the case is created if needed
         [--format F]                    read every FILE as format F (see README)
         [--map mapping.json]            any other CSV/TSV: what each column means (README)
         [--timezone ZONE]               IANA zone of times written without offset (default UTC)
         [--join-tolerance SECONDS]      pair Sysmon events with flows within this (default 120)
  imports --case NAME [--json]           the files of a case and what each brought in
  imports remove ID --case NAME          take one imported file out of the case again
  quarantine --case NAME [--limit N] [--json]
                                         records imports could not read: file, line, reason
  graph [--case NAME] [--search TEXT] [--json]
                                         the investigation graph (host -> process -> destination)
  analyze [--case NAME] [--min-score X] [--limit N] [--cached | --again] [--baseline-until TIME] [--json]
                                         ranked findings: IoC hits, beacons, long connections,
                                         masquerading processes…, each with its evidence; the
                                         case is analysed again when it or the IoC store changed;
                                         --baseline-until is kept for later analyses (auto: the default)
  verdict benign|malicious|ignore|clear [--host H] [--process IMAGE] [--dst IP] [--note T] [--case NAME]
                                         the analyst's word on those connections (re-scores)
  allowlist [--case NAME]                the case's allowlist rules; add cidr NETWORK | add domain
                                         NAME | add process-destination IMAGE DEST | remove ID
  notes [--case NAME] [--search TEXT] [--node ID | --finding ID] [--json]
                                         the analyst's notes (newest first) and tags
  notes add --node ID | --finding ID [TEXT | --file F | -]
                                         a note (Markdown) on a graph node or a finding; the
                                         text from the argument, a file, or standard input
  notes edit NOTE_ID [TEXT | --file F | -] | notes delete NOTE_ID
  tags [--node ID | --finding ID] [--json]
                                         every tag of the case with its count, or one target's
  tags set --node ID | --finding ID [TAG...]
                                         replace a target's tags (none: remove them)
                                         Node IDs: host:NAME, process:HOST|IMAGE, ip:ADDRESS
                                         (graph --json); finding IDs: the ID column of analyze
                                         (a note stays with the finding's host, process and
                                         destination across analyses)
  report [--case NAME] --format html|pdf|csv|connections|json|stix|misp --out FILE
         [--min-score X | --findings ID,... [--run ID]] [--title T] [--analyst A] [--tlp L] [--json]
                                         the case's report: every finding scoring 0.7 or more
                                         and every one called malicious (or the ids analyze
                                         --json prints; --run: its run.id, refused once the
                                         case is analysed again), with chain, evidence, intel, appendix;
                                         TLP clear|green|amber|amber+strict|red (default amber)
  intel import FILE... [--format F] [--column C] [--json]
                                         import IoCs: TweetFeed CSV, STIX 2.1, MISP event or
                                         feed folder, plain lists (CSV: --column NAME|INDEX),
                                         saved X API responses, an X archive (folder or
                                         tweets.js), Sightline bundles
  intel lookup VALUE... [--at TIME] [--json]
                                         is it known? score, sources, first/last seen, CIDRs;
                                         --at: the score as of TIME from what was known then
  intel export --bundle FILE             everything, verifiable, for an air-gapped machine
                                         (bring it in there with: intel import FILE)
  intel export --format csv|stix|misp [--out FILE] [--include-expired]
                                         active indicators for other tools
  intel sync [--source NAME] [--max-wait SECONDS] [--json]
                                         new posts from X, Mastodon and Bluesky sources; waits out
                                         rate limits up to --max-wait (default 900 s)
  intel sources [--json]                 intel sources and their state
  intel sources add x-account USERNAME | add x-search QUERY [--name N]
  intel sources add mastodon USER@INSTANCE | add bluesky HANDLE
  intel sources enable|disable NAME | trust NAME 0..1
  intel token set | clear                the X API bearer token (set reads standard input;
                                         or set SIGHTLINE_X_BEARER)
  intel decay [TYPE=DAYS...] [delta=N] [reset] [--json]
                                         show or change how scores decay (tau per type)
  intel stats [--json]                   counts of the IoC store

Options:
  --home DIR     data folder (default: $SIGHTLINE_HOME or the platform's app-data folder)
  --wait SECONDS how long an import or sync waits for another one writing to the same case
                 or intel store (another window or command) before giving up (default 900)
  --json         machine-readable output (stable; see README)
  -h, --help     this text
  -v, --version  the version

Exit codes: 0 success, 1 user error (bad file, unknown case), 2 internal error.
`;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        case: { type: 'string' },
        search: { type: 'string' },
        port: { type: 'string' },
        format: { type: 'string' },
        map: { type: 'string' },
        timezone: { type: 'string' },
        'join-tolerance': { type: 'string' },
        limit: { type: 'string' },
        column: { type: 'string' },
        bundle: { type: 'string' },
        out: { type: 'string' },
        'include-expired': { type: 'boolean', default: false },
        source: { type: 'string' },
        'max-wait': { type: 'string' },
        name: { type: 'string' },
        at: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        'max-upload': { type: 'string' },
        'min-score': { type: 'string' },
        findings: { type: 'string' },
        run: { type: 'string' },
        title: { type: 'string' },
        analyst: { type: 'string' },
        tlp: { type: 'string' },
        cached: { type: 'boolean', default: false },
        again: { type: 'boolean', default: false },
        'baseline-until': { type: 'string' },
        host: { type: 'string' },
        process: { type: 'string' },
        dst: { type: 'string' },
        note: { type: 'string' },
        node: { type: 'string' },
        finding: { type: 'string' },
        file: { type: 'string' },
        yes: { type: 'boolean', default: false },
        home: { type: 'string' },
        wait: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    process.stderr.write(`sightline: ${shown((err as Error).message)}\n\n${USAGE}`);
    return EXIT_USER;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? 0 : EXIT_USER;
  }
  const known = ['serve', 'cases', 'import', 'imports', 'quarantine', 'graph', 'analyze', 'verdict', 'allowlist', 'notes', 'tags', 'report', 'intel'];
  if (!known.includes(command)) {
    process.stderr.write(`sightline: unknown command "${shown(command)}"\n\n${USAGE}`);
    return EXIT_USER;
  }

  // The parse worker boots while the engine opens its databases (saves ~0.15 s per import run).
  if (command === 'import') prewarmParseWorker();
  let engine: Engine | undefined;
  try {
    const writeWaitSeconds = parseWait(values.wait);
    engine = new Engine({
      ...(values.home ? { home: values.home } : {}),
      ...(writeWaitSeconds !== undefined ? { writeWaitSeconds } : {}),
      // Benchmarks and tests only: the X API stand-in on loopback (the engine refuses any other host).
      ...(process.env.SIGHTLINE_X_API_BASE_URL ? { serviceOrigins: { x: process.env.SIGHTLINE_X_API_BASE_URL } } : {}),
      ...(values['max-upload'] !== undefined ? { uploadLimits: { maxBytes: parseSize(values['max-upload'], '--max-upload') } } : {}),
      resourcesDir,
      version: packageVersion(),
      // Only a host keeps its thread free for answering; a one-shot command has nothing else to do.
      jobWorker: command === 'serve',
    });
    switch (command) {
      case 'serve':
        return await serveCommand(engine, { port: values.port, open: !values['no-open'], case: values.case });
      case 'cases':
        return await casesCommand(engine, rest, { json: values.json, yes: values.yes });
      case 'import':
        return await importCommand(engine, rest, {
          case: values.case,
          json: values.json,
          format: values.format,
          map: values.map,
          timezone: values.timezone,
          joinTolerance: values['join-tolerance'],
        });
      case 'imports':
        return await importsCommand(engine, rest, { case: values.case, json: values.json });
      case 'quarantine':
        return await quarantineCommand(engine, { case: values.case, limit: values.limit, json: values.json });
      case 'graph':
        return await graphCommand(engine, { case: values.case, search: values.search, json: values.json });
      case 'analyze':
        return await analyzeCommand(engine, { case: values.case, json: values.json, minScore: values['min-score'], limit: values.limit, cached: values.cached, again: values.again, baselineUntil: values['baseline-until'] });
      case 'verdict':
      case 'allowlist': {
        const o = { case: values.case, host: values.host, process: values.process, dst: values.dst, note: values.note, json: values.json };
        return await (command === 'verdict' ? verdictCommand(engine, rest, o) : allowlistCommand(engine, rest, o));
      }
      case 'notes':
      case 'tags': {
        const o = { case: values.case, node: values.node, finding: values.finding, search: values.search, file: values.file, json: values.json };
        return await (command === 'notes' ? notesCommand(engine, rest, o) : tagsCommand(engine, rest, o));
      }
      case 'report':
        return await reportCommand(engine, {
          case: values.case,
          format: values.format,
          out: values.out,
          minScore: values['min-score'],
          findings: values.findings,
          run: values.run,
          title: values.title,
          analyst: values.analyst,
          tlp: values.tlp,
          json: values.json,
        });
      case 'intel':
        return await intelCommand(engine, rest, {
          json: values.json,
          format: values.format,
          column: values.column,
          bundle: values.bundle,
          out: values.out,
          includeExpired: values['include-expired'],
          source: values.source,
          maxWait: values['max-wait'],
          name: values.name,
          at: values.at,
        });
    }
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    return reportFailure(err, values.json);
  } finally {
    engine?.close();
  }
}

/** `--wait SECONDS`: 0 (do not wait) to a day. */
function parseWait(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
    throw new UsageError(`--wait takes seconds from 0 to 86400, not "${raw}"`);
  }
  return seconds;
}
