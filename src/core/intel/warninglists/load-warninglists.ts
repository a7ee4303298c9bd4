import fs from 'node:fs';
import path from 'node:path';
import { FileUnreadableError, MalformedRecordError } from '../../errors/index.js';
import { isWarninglistKind, type ListSource } from './build-indexes.js';
import { createWarninglists } from './create-warninglists.js';
import type { WarninglistFile, Warninglists } from './warninglist-types.js';

/**
 * Every `*.json` MISP warninglist in `dir` (resources/warninglists in the
 * app), in file-name order so ties between lists always resolve the same
 * way. A broken file fails the load with its name: the lists ship with the
 * app, so a bad one is a packaging bug, not something to skip quietly.
 */
export function loadWarninglists(dir: string): Warninglists {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    throw new FileUnreadableError(`Cannot read the warninglists folder ${dir}`, { file: dir }, { cause: err });
  }
  const sources: ListSource[] = names.map((name) => {
    const file = path.join(dir, name);
    return { id: name.slice(0, -'.json'.length), file: readListFile(file) };
  });
  return createWarninglists(sources);
}

function readListFile(file: string): WarninglistFile {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MalformedRecordError(`Warninglist ${path.basename(file)} is not readable JSON`, { file }, { cause: err });
  }
  // A hand check rather than a schema: 130 000 entries would make a zod parse the slowest part of the load.
  const d = data as Partial<WarninglistFile> | null;
  const field = !d || typeof d.name !== 'string' ? 'name'
    : typeof d.description !== 'string' ? 'description'
    : !isWarninglistKind(d.type) ? 'type'
    : !Array.isArray(d.list) || d.list.some((e) => typeof e !== 'string') ? 'list'
    : null;
  if (field !== null) throw new MalformedRecordError(`Warninglist ${path.basename(file)} has no valid "${field}"`, { file, field });
  return d as WarninglistFile;
}
