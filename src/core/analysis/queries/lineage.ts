import type Database from 'better-sqlite3';
import { filePathKey } from '../../telemetry/file-path-key.js';
import { explainLineage, judgeProcess, type ProcessJudgement } from '../process/index.js';
import { parseHashes, type ParsedHashes } from './hashes.js';
import { queriesSettings, type QueriesSettings } from './settings.js';

/**
 * Which file started a connection, and which process wrote that file: the
 * process creation (Sysmon event 1) of the connection's process, its parents
 * by ParentProcessGuid as far as the case has them, and the latest file
 * creation (event 11) of its image path at or before it started. Joined by
 * ProcessGuid where the export has it; otherwise by host and image path (the
 * most recent start before the connection), and the result says so.
 */

/** One process creation as lineage reports it. */
export interface LineageProcess {
  processGuid: string | null;
  pid: number | null;
  /** Start time, epoch ms (UTC). */
  ts: number;
  image: string;
  commandLine: string | null;
  user: string | null;
  integrityLevel: string | null;
  parentImage: string | null;
  parentCommandLine: string | null;
  parentProcessGuid: string | null;
  hashes: ParsedHashes;
}

/** Who wrote a program's image file (Sysmon event 11). */
export interface LineageFileWrite {
  /** When the file was written, epoch ms (UTC). */
  ts: number;
  /** The writing process's image as event 11 names it. */
  image: string | null;
  processGuid: string | null;
  pid: number | null;
  user: string | null;
  /** The path as event 11 wrote it (it may differ in case from the image path). */
  targetFilename: string;
  /** The file's creation time as Sysmon read it: older than ts when the file was overwritten. */
  creationTs: number | null;
  /** The writer's own process creation, when the case has it (by its GUID). */
  writer: LineageProcess | null;
}

export interface Lineage {
  /** How the process was found: by the connection's ProcessGuid, or by host and image path. */
  joinedBy: 'guid' | 'image';
  /** The image the lineage is about (the process record's, else the one asked for). */
  image: string;
  /** The process creation; null when the case has none for it (only who wrote its file is known). */
  process: LineageProcess | null;
  /** Parent, grandparent… nearest first, followed by ParentProcessGuid. */
  parents: LineageProcess[];
  /** True when the chain stopped at maxParents or at a loop rather than at the case's last record. */
  parentsCut: boolean;
  fileWrite: LineageFileWrite | null;
  /** "svch0st.exe was written by WINWORD.EXE at 09:14 and started by explorer.exe at 09:16". */
  sentence: string;
  /** What the image, parent, account and command line say against the process (process/judge-process.ts). */
  judgements: ProcessJudgement[];
}

export interface LineageQuery {
  host: string;
  /** The connection's ProcessGuid: the join of choice. */
  processGuid?: string | null;
  /** The connection's image path: the fallback join, and the file looked up when no process record is found. */
  image?: string | null;
  /** The connection's time, epoch ms: the image join takes the latest start at or before it. */
  at?: number | null;
}

interface ProcessRow {
  process_guid: string | null;
  pid: number | null;
  ts: number;
  image: string;
  command_line: string | null;
  user: string | null;
  integrity_level: string | null;
  parent_image: string | null;
  parent_command_line: string | null;
  parent_process_guid: string | null;
  hashes: string | null;
}

const PROCESS_COLUMNS = 'process_guid, pid, ts, image, command_line, user, integrity_level, parent_image, parent_command_line, parent_process_guid, hashes';

/** The lineage of one process, or null when the case knows neither its creation nor who wrote its image. */
export function processLineage(db: Database.Database, q: LineageQuery, settings: QueriesSettings = queriesSettings): Lineage | null {
  const byGuid = q.processGuid ? processByGuid(db, q.host, q.processGuid) : null;
  const process = byGuid ?? (q.image ? processByImage(db, q.host, q.image, q.at ?? null) : null);
  const image = process?.image ?? q.image ?? null;
  if (image === null) return null;
  const fileWrite = latestWrite(db, q.host, image, process?.ts ?? q.at ?? null);
  if (process === null && fileWrite === null) return null;
  const { parents, cut } = process ? parentChain(db, q.host, process, settings.lineage.maxParents) : { parents: [], cut: false };
  const chain = process ? [process, ...parents] : [{ image, ts: null }];
  return {
    joinedBy: byGuid ? 'guid' : 'image',
    image,
    process,
    parents,
    parentsCut: cut,
    fileWrite,
    sentence: explainLineage(chain, fileWrite && fileWrite.image !== null ? { image: fileWrite.image, ts: fileWrite.ts } : null),
    judgements: judgeProcess(process ?? { image }),
  };
}

/** The lineage of the process behind one stored connection (events.id), or null (a flow, or nothing known). */
export function connectionLineage(db: Database.Database, eventId: number, settings: QueriesSettings = queriesSettings): Lineage | null {
  const e = db.prepare('SELECT host, image, process_guid AS processGuid, ts FROM events WHERE id = ?').get(eventId) as
    | { host: string; image: string | null; processGuid: string | null; ts: number }
    | undefined;
  if (!e || (e.image === null && e.processGuid === null)) return null;
  return processLineage(db, { host: e.host, processGuid: e.processGuid, image: e.image, at: e.ts }, settings);
}

function toProcess(r: ProcessRow): LineageProcess {
  return {
    processGuid: r.process_guid,
    pid: r.pid,
    ts: r.ts,
    image: r.image,
    commandLine: r.command_line,
    user: r.user,
    integrityLevel: r.integrity_level,
    parentImage: r.parent_image,
    parentCommandLine: r.parent_command_line,
    parentProcessGuid: r.parent_process_guid,
    hashes: parseHashes(r.hashes),
  };
}

/** A GUID names one process; should an export repeat its event 1, the latest record stands. */
function processByGuid(db: Database.Database, host: string, guid: string): LineageProcess | null {
  const r = db.prepare(`SELECT ${PROCESS_COLUMNS} FROM processes WHERE host = ? AND process_guid = ? ORDER BY ts DESC, id DESC LIMIT 1`).get(host, guid) as
    | ProcessRow
    | undefined;
  return r ? toProcess(r) : null;
}

/**
 * The latest start of the image at or before `at`; when there is none, the
 * first start after it (Sysmon logs a process's first connection before its
 * creation now and then, by milliseconds). Image paths compare without regard
 * to ASCII case: event 3 writes "C:\windows\System32" where event 1 wrote "C:\Windows".
 */
function processByImage(db: Database.Database, host: string, image: string, at: number | null): LineageProcess | null {
  const sql = `SELECT ${PROCESS_COLUMNS} FROM processes WHERE host = ? AND image = ? COLLATE NOCASE`;
  const before = (at === null
    ? db.prepare(`${sql} ORDER BY ts DESC, id DESC LIMIT 1`).get(host, image)
    : db.prepare(`${sql} AND ts <= ? ORDER BY ts DESC, id DESC LIMIT 1`).get(host, image, at)) as ProcessRow | undefined;
  const r = before ?? (at === null ? undefined : (db.prepare(`${sql} AND ts > ? ORDER BY ts, id LIMIT 1`).get(host, image, at) as ProcessRow | undefined));
  return r ? toProcess(r) : null;
}

/** Parents by ParentProcessGuid, nearest first; stops at a GUID the case lacks, a loop (hostile data) or `max`. */
function parentChain(db: Database.Database, host: string, process: LineageProcess, max: number): { parents: LineageProcess[]; cut: boolean } {
  const parents: LineageProcess[] = [];
  const seen = new Set<string>(process.processGuid ? [process.processGuid] : []);
  let guid = process.parentProcessGuid;
  while (guid) {
    if (seen.has(guid) || parents.length >= max) return { parents, cut: true };
    seen.add(guid);
    const parent = processByGuid(db, host, guid);
    if (!parent) break;
    parents.push(parent);
    guid = parent.parentProcessGuid;
  }
  return { parents, cut: false };
}

/** The latest write of the image's file at or before the start (any time when the start is unknown), with its writer's record. */
function latestWrite(db: Database.Database, host: string, image: string, before: number | null): LineageFileWrite | null {
  const sql = `SELECT ts, image, process_guid AS processGuid, pid, user, target_filename AS targetFilename, creation_ts AS creationTs
               FROM file_creations WHERE host = ? AND target_key = ?`;
  const key = filePathKey(image);
  const row = (before === null
    ? db.prepare(`${sql} ORDER BY ts DESC, id DESC LIMIT 1`).get(host, key)
    : db.prepare(`${sql} AND ts <= ? ORDER BY ts DESC, id DESC LIMIT 1`).get(host, key, before)) as Omit<LineageFileWrite, 'writer'> | undefined;
  if (!row) return null;
  return { ...row, writer: row.processGuid ? processByGuid(db, host, row.processGuid) : null };
}
