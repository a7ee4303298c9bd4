import { hiddenCharName, hiddenChars } from '../../../shared/visible-text.js';
import { argumentsOf, loadedModule } from './command-line.js';
import { processFamily } from './families.js';
import { doubleExtension, findLookalike, type Lookalike } from './lookalike.js';
import { processSettings, type ProcessSettings } from './settings.js';
import { shownName, shownText, whereShown } from './shown.js';
import { systemBinary, type SystemBinary } from './system-binaries.js';
import { writablePlace } from './user-writable.js';
import { parseWindowsPath, inFolder, type WindowsPath } from './windows-path.js';

/** What the judgements read of one process (a ProcessRecord fits). */
export interface ProcessFacts {
  image: string;
  parentImage?: string | null;
  user?: string | null;
  integrityLevel?: string | null;
  commandLine?: string | null;
}

export const processJudgementKinds = [
  'system-name-elsewhere',
  'lookalike-name',
  'hidden-characters',
  'double-extension',
  'user-writable-folder',
  'user-writable-module',
  'unexpected-parent',
  'unexpected-account',
  'missing-arguments',
] as const;
export type ProcessJudgementKind = (typeof processJudgementKinds)[number];

export interface ProcessJudgement {
  kind: ProcessJudgementKind;
  /** Contribution in [0, 1] (see ProcessSettings). */
  score: number;
  /** One plain sentence with what was seen and what was expected; hidden characters shown as ⟨U+XXXX⟩. */
  explanation: string;
  /** The system binary the process was measured against, as Windows writes its name. */
  about?: string;
}

/** Everything one process's image, parent, account and command line say against it, strongest first; [] when nothing. */
export function judgeProcess(p: ProcessFacts, settings: ProcessSettings = processSettings): ProcessJudgement[] {
  const path = parseWindowsPath(p.image);
  if (path === null) return [];
  const out: ProcessJudgement[] = [];
  const name = shownName(path.name, settings);
  const hidden = hiddenChars(path.name);
  if (hidden.length > 0) out.push(hiddenCharacters(path.name, hidden, settings));
  const hiddenInFolder = hidden.length === 0 ? hiddenChars(path.raw) : [];
  if (hiddenInFolder.length > 0) {
    out.push({
      kind: 'hidden-characters',
      score: settings.scores.hiddenCharacters,
      explanation: `${name} runs from ${whereShown(path, settings)}, whose name holds ${hiddenInFolder.map(hiddenCharName).join(', ')}`,
    });
  }
  const double = doubleExtension(path.name);
  if (double) {
    out.push({
      kind: 'double-extension',
      score: settings.scores.doubleExtension,
      explanation: `${name} is a program named like a ${double.shown} document: Explorer hides the final ${double.real}`,
    });
  }
  const lookalike = findLookalike(path.name, settings.nearName);
  if (lookalike) out.push(lookalikeJudgement(name, lookalike, settings));

  const entry = systemBinary(path.name);
  if (entry) out.push(...systemRules(entry, path, p, settings));
  const place = writablePlace(path, settings);
  if (place) {
    out.push({
      kind: 'user-writable-folder',
      score: settings.writable[place.place],
      explanation: `${name} runs from ${whereShown(path, settings)}, ${place.label}${place.byUsers ? ' (writable without administrator rights)' : ''}`,
    });
  }
  const parent = parentJudgement(path.name, p.parentImage, entry, settings);
  if (parent) out.push(parent);
  return out.sort((a, b) => b.score - a.score);
}

/**
 * The judgements taken together: each is independent evidence, so the
 * chance that none is right multiplies (a noisy-or), in [0, 1).
 */
export function processScore(judgements: readonly ProcessJudgement[]): number {
  return 1 - judgements.reduce((none, j) => none * (1 - j.score), 1);
}

function hiddenCharacters(raw: string, hidden: number[], settings: ProcessSettings): ProcessJudgement {
  const names = hidden.map(hiddenCharName).join(', ');
  const rlo = raw.indexOf('\u202e');
  const display = rlo === -1 ? '' : `, so it displays as '${shownText(displayedAs(raw, rlo), settings.shownNameChars)}'`;
  return {
    kind: 'hidden-characters',
    score: settings.scores.hiddenCharacters,
    explanation: `the file name ${shownName(raw, settings)} holds ${names}${display}`,
  };
}

/** How a name with a right-to-left override draws: what follows it, up to a pop, reversed; other hidden characters draw as nothing. */
function displayedAs(raw: string, rlo: number): string {
  const end = raw.indexOf('\u202c', rlo);
  const run = raw.slice(rlo + 1, end === -1 ? raw.length : end);
  const text = raw.slice(0, rlo) + [...run].reverse().join('') + (end === -1 ? '' : raw.slice(end + 1));
  return text.replace(/[\p{Cf}\p{Cc}]/gu, '');
}

function lookalikeJudgement(name: string, l: Lookalike, settings: ProcessSettings): ProcessJudgement {
  const { scores } = settings;
  const score = l.how === 'homoglyph' ? scores.homoglyph : l.how === 'near' ? scores.nearName : scores.otherExtension;
  const explanation =
    l.how === 'other-extension'
      ? `${name} has the name of ${l.target.name} with ${l.difference}`
      : `${name} imitates ${l.target.name}: ${l.difference}`;
  return { kind: 'lookalike-name', score, explanation, about: l.target.name };
}

function systemRules(entry: SystemBinary, path: WindowsPath, p: ProcessFacts, settings: ProcessSettings): ProcessJudgement[] {
  const out: ProcessJudgement[] = [];
  const name = shownName(path.name, settings);
  if (entry.folders.length > 0 && path.form !== 'relative' && !inExpectedFolder(entry, path, settings)) {
    out.push({
      kind: 'system-name-elsewhere',
      score: settings.scores.systemNameElsewhere,
      explanation: `${name} running from ${whereShown(path, settings)}, not ${expectedFolders(entry)}`,
      about: entry.name,
    });
  }
  if (entry.systemOnly) {
    const account = unexpectedAccount(p);
    if (account) {
      out.push({ kind: 'unexpected-account', score: settings.scores.unexpectedAccount, explanation: `${name} runs ${account}; Windows runs it only as SYSTEM`, about: entry.name });
    }
  }
  const commandLine = p.commandLine?.trim();
  if (commandLine) {
    const args = argumentsOf(commandLine);
    if (entry.args && !entry.args.pattern.test(args.join(' '))) {
      out.push({
        kind: 'missing-arguments',
        score: settings.scores.missingArguments,
        explanation: `${name} started without ${entry.args.expected}, which Windows always gives it`,
        about: entry.name,
      });
    }
    const module = entry.name === 'rundll32.exe' || entry.name === 'regsvr32.exe' ? loadedModule(args) : null;
    const modulePath = module === null ? null : parseWindowsPath(module);
    const place = modulePath ? writablePlace(modulePath, settings) : null;
    if (modulePath && place) {
      out.push({
        kind: 'user-writable-module',
        score: settings.scores.writableModule,
        explanation: `${name} loads ${shownName(modulePath.name, settings)} from ${whereShown(modulePath, settings)}, ${place.label}`,
        about: entry.name,
      });
    }
  }
  return out;
}

function inExpectedFolder(entry: SystemBinary, path: WindowsPath, settings: ProcessSettings): boolean {
  const onSystemVolume = path.form === 'volume' || (path.form === 'drive' && settings.systemDrives.includes(path.drive as string));
  return onSystemVolume && entry.folders.some((f) => inFolder(path.folders, f));
}

function expectedFolders(entry: SystemBinary): string {
  return orList(entry.folders.map((f) => (f === 'Windows' ? 'the Windows folder' : f.replace(/^Windows\\/, ''))));
}

/** "a", "a or b", "a, b or c". */
function orList(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Sysmon writes the account of LocalSystem localised (NT AUTHORITY\SYSTEM, AUTORITE NT\Système, NT-AUTORITÄT\SYSTEM…). */
const SYSTEM_ACCOUNT = /(^|\\)(system|système|systeme|sistema|systeem|järjestelmä|система|localsystem)$|^s-1-5-18$/i;

function unexpectedAccount(p: ProcessFacts): string | null {
  const integrity = p.integrityLevel?.trim();
  const user = p.user?.trim();
  const as = user ? ` as ${shownText(user, 80)}` : '';
  if (integrity && integrity.toLowerCase() !== 'system') return `at ${shownText(integrity, 40)} integrity${as}`;
  if (!integrity && user && !SYSTEM_ACCOUNT.test(user)) return as.trimStart();
  return null;
}

function parentJudgement(childRaw: string, parentImage: string | null | undefined, entry: SystemBinary | undefined, settings: ProcessSettings): ProcessJudgement | null {
  const parentText = parentImage?.trim();
  if (!parentText) return null;
  const parentPath = parseWindowsPath(parentText);
  const parent = parentText.toLowerCase() === 'system' ? 'system' : parentPath?.name.toLowerCase();
  if (parent === undefined || parent === '') return null;
  const child = shownName(childRaw, settings);
  const parentShown = parentPath ? shownName(parentPath.name, settings) : 'System';
  if (entry?.parents && !entry.parents.includes(parent)) {
    const expected = orList(entry.parents.map((n) => (n === 'system' ? 'the kernel (System)' : n)));
    return {
      kind: 'unexpected-parent',
      score: settings.scores.unexpectedParent,
      explanation: `${child} was started by ${parentShown}; Windows starts it from ${expected}`,
      about: entry.name,
    };
  }
  const family = processFamily(childRaw);
  if ((family === 'script' || family === 'lolbin') && processFamily(parentText) === 'document') {
    return {
      kind: 'unexpected-parent',
      score: settings.scores.documentStartsShell,
      explanation: `${child} was started by ${parentShown}: Office applications and document readers do not normally start shells, script hosts or system tools`,
    };
  }
  return null;
}
