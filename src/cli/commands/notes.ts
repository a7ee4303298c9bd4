import fs from 'node:fs';
import type { Engine } from '../../core/index.js';
import type { Note, NoteTarget, Tagged } from '../../shared/notes-types.js';
import type { CaseSummary } from '../../shared/types.js';
import { RemoteError } from '../../shared/error-payload.js';
import { printJson, printTable, shown, UsageError } from '../output.js';
import { requireCase } from '../resolve-case.js';
import { readStdin } from '../stdin.js';

export interface NotesOptions {
  case?: string | undefined;
  /** A graph node: host:NAME, process:HOST|IMAGE, ip:ADDRESS. */
  node?: string | undefined;
  /** A finding's id as `sightline analyze` lists it, resolved to its unit (ids change with each analysis). */
  finding?: string | undefined;
  search?: string | undefined;
  /** The note's text from this file (Markdown). */
  file?: string | undefined;
  json: boolean;
}

/**
 * `sightline notes [list] [--search TEXT] [--node ID | --finding ID]`,
 * `notes add --node ID | --finding ID [TEXT | --file F | -]`, `notes edit NOTE_ID [TEXT | --file F | -]`,
 * `notes delete NOTE_ID`; `--case NAME` and `--json` with each.
 */
export async function notesCommand(engine: Engine, args: string[], opts: NotesOptions): Promise<number> {
  const [sub = 'list', ...rest] = args;
  const target = await requireCase(engine, opts.case);
  const caseRef = { id: target.id, name: target.name };
  switch (sub) {
    case 'list': {
      if (rest.length > 0) throw new UsageError('notes list takes no words: search with --search TEXT');
      const about = await optionalTarget(engine, target, opts);
      const list = await engine.invoke('listNotes', { caseId: target.id, ...(about ? { target: about } : {}), ...(opts.search !== undefined ? { search: opts.search } : {}) });
      if (opts.json) printJson({ case: caseRef, ...list });
      else printNotes(target, list.notes, list.tags, list.total);
      return 0;
    }
    case 'add': {
      const about = await optionalTarget(engine, target, opts);
      if (!about) throw new UsageError('notes add needs --node ID or --finding ID: what the note is about');
      const note = await engine.invoke('addNote', { caseId: target.id, target: about, body: await noteText(rest, opts, 'notes add') });
      if (opts.json) printJson({ case: caseRef, note });
      else process.stdout.write(`note ${note.id} added to ${targetText(note.target)} in ${shown(target.name)}\n`);
      return 0;
    }
    case 'edit': {
      const [id, ...text] = rest;
      const note = await engine.invoke('updateNote', { caseId: target.id, id: noteId(id, 'edit'), body: await noteText(text, opts, 'notes edit NOTE_ID') });
      if (opts.json) printJson({ case: caseRef, note });
      else process.stdout.write(`note ${note.id} changed (${targetText(note.target)})\n`);
      return 0;
    }
    case 'delete': {
      if (rest.length !== 1) throw new UsageError('notes delete takes one NOTE_ID (see: sightline notes)');
      const r = await engine.invoke('deleteNote', { caseId: target.id, id: noteId(rest[0], 'delete') });
      if (opts.json) printJson({ case: caseRef, ...r });
      else process.stdout.write(`note ${r.deleted} deleted from ${shown(target.name)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`notes takes list, add, edit or delete (not "${shown(sub)}")`);
  }
}

/** `sightline tags [list] [--node ID | --finding ID]`, `tags set --node ID | --finding ID [TAG...]` (none: remove them). */
export async function tagsCommand(engine: Engine, args: string[], opts: NotesOptions): Promise<number> {
  const [sub = 'list', ...rest] = args;
  const target = await requireCase(engine, opts.case);
  const caseRef = { id: target.id, name: target.name };
  const about = await optionalTarget(engine, target, opts);
  if (sub === 'set') {
    if (!about) throw new UsageError('tags set needs --node ID or --finding ID, then the tags (none: remove them)');
    const tagged = await engine.invoke('setTags', { caseId: target.id, target: about, tags: rest });
    if (opts.json) printJson({ case: caseRef, ...tagged });
    else process.stdout.write(tagged.tags.length === 0 ? `tags removed from ${targetText(tagged.target)}\n` : `${targetText(tagged.target)}: ${tagged.tags.map((t) => shown(t)).join(', ')}\n`);
    return 0;
  }
  if (sub !== 'list') throw new UsageError(`tags takes list or set (not "${shown(sub)}")`);
  if (rest.length > 0) throw new UsageError('tags list takes no words: name a target with --node ID or --finding ID');
  if (about) {
    const { tags } = await engine.invoke('listNotes', { caseId: target.id, target: about, limit: 1 });
    const mine = tags[0]?.tags ?? [];
    if (opts.json) printJson({ case: caseRef, target: about, tags: mine });
    else process.stdout.write(mine.length === 0 ? `${targetText(about)}: no tags\n` : `${targetText(about)}: ${mine.map((t) => shown(t)).join(', ')}\n`);
    return 0;
  }
  const counts = await engine.invoke('listTags', { caseId: target.id });
  if (opts.json) printJson({ case: caseRef, tags: counts });
  else if (counts.length === 0) process.stdout.write(`${shown(target.name)}: no tags yet (sightline tags set --node ID TAG...)\n`);
  else printTable(['TAG', 'TARGETS'], counts.map((c) => [c.tag, String(c.targets)]));
  return 0;
}

/** What --node or --finding names, if either; a finding id is looked up in the latest analysis and becomes its unit. */
async function optionalTarget(engine: Engine, target: CaseSummary, opts: NotesOptions): Promise<NoteTarget | undefined> {
  if (opts.node !== undefined && opts.finding !== undefined) throw new UsageError('--node and --finding name two targets: choose one');
  if (opts.node !== undefined) return { kind: 'node', nodeId: opts.node };
  if (opts.finding === undefined) return undefined;
  const id = Number(opts.finding);
  if (!Number.isInteger(id) || id < 1) throw new UsageError(`--finding takes a finding's ID as sightline analyze lists it, not "${shown(opts.finding)}"`);
  const f = await findingById(engine, target.id, id);
  if (!f) throw new RemoteError({ code: 'NOT_FOUND', message: `no finding ${id} in the latest analysis of "${target.name}" (ids change with each analysis; see: sightline analyze)`, field: 'finding' });
  return { kind: 'finding', host: f.host, process: f.process, dst: f.dst, dport: f.dport };
}

/** Every stored finding, ignored ones too, is at most a few pages of listFindings. */
async function findingById(engine: Engine, caseId: string, id: number) {
  const limit = 10_000;
  for (let offset = 0; ; offset += limit) {
    const page = await engine.invoke('listFindings', { caseId, minScore: 0, limit, offset, includeIgnored: true });
    const found = page.findings.find((f) => f.id === id);
    if (found || page.findings.length < limit) return found;
  }
}

/** The note's text: the one TEXT word, or --file F, or standard input (`-`, or when piped). */
async function noteText(words: string[], opts: NotesOptions, usage: string): Promise<string> {
  const fromStdin = words.length === 1 && words[0] === '-';
  if (words.length > 1) throw new UsageError(`${usage} takes the note's text as one argument (quote it), --file FILE, or - for standard input`);
  if (opts.file !== undefined) {
    if (words.length > 0) throw new UsageError('give the note\'s text once: as an argument or with --file, not both');
    try {
      return fs.readFileSync(opts.file, 'utf8');
    } catch (err) {
      throw new UsageError(`--file ${opts.file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
  }
  if (words.length === 1 && !fromStdin) return words[0] as string;
  if (!fromStdin && process.stdin.isTTY) throw new UsageError(`${usage} needs the note's text: as an argument, --file FILE, or piped in`);
  return readStdin();
}

function noteId(raw: string | undefined, what: string): number {
  const id = Number(raw);
  if (raw === undefined || !Number.isInteger(id) || id < 1) throw new UsageError(`notes ${what} takes the note's ID (see: sightline notes), not "${shown(raw ?? '')}"`);
  return id;
}

/** A target in words, hidden characters marked. */
function targetText(t: NoteTarget): string {
  return shown(targetPlain(t));
}

function printNotes(target: CaseSummary, notes: Note[], tags: Tagged[], total: number): void {
  if (notes.length === 0 && tags.length === 0) {
    process.stdout.write(`${shown(target.name)}: no notes or tags found\n`);
    return;
  }
  if (notes.length > 0) {
    // One row per note: shown() marks its line breaks and hidden characters, so no note can forge a row or rewrite the terminal.
    printTable(['ID', 'UPDATED', 'ABOUT', 'NOTE'], notes.map((n) => [String(n.id), n.updatedAt.slice(0, 16).replace('T', ' '), targetPlain(n.target), n.body]));
    if (total > notes.length) process.stdout.write(`(${total - notes.length} more: --json, or narrow with --search / --node / --finding)\n`);
  }
  if (tags.length > 0) {
    if (notes.length > 0) process.stdout.write('\n');
    printTable(['TAGGED', 'TAGS'], tags.map((t) => [targetPlain(t.target), t.tags.join(', ')]));
  }
}

/** A target in words (a node as its id, the form --node takes), unmarked: printTable marks every cell itself. */
function targetPlain(t: NoteTarget): string {
  if (t.kind === 'node') return t.nodeId;
  return `finding ${t.host} ${t.process ?? '(no process)'} -> ${t.dst}${t.dport === null ? '' : `:${t.dport}`}`;
}
