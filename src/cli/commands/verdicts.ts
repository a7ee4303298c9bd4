import type { Engine } from '../../core/index.js';
import { caseVerdicts, type AllowlistRuleInput } from '../../shared/analysis-types.js';
import { printJson, printTable, shown, UsageError } from '../output.js';
import { requireCase } from '../resolve-case.js';

export interface VerdictOptions {
  case?: string | undefined;
  host?: string | undefined;
  process?: string | undefined;
  dst?: string | undefined;
  note?: string | undefined;
  json: boolean;
}

/** `sightline verdict benign|malicious|ignore|clear [--host H] [--process IMAGE] [--dst IP] [--note TEXT] [--case NAME]` */
export async function verdictCommand(engine: Engine, args: string[], opts: VerdictOptions): Promise<number> {
  const [verdict] = args;
  const allowed = [...caseVerdicts, 'clear'] as const;
  if (!verdict || !(allowed as readonly string[]).includes(verdict) || args.length > 1) {
    throw new UsageError(`verdict takes one of ${allowed.join(', ')}, then --host, --process and/or --dst${verdict ? ` (not "${verdict}")` : ''}`);
  }
  if (opts.host === undefined && opts.process === undefined && opts.dst === undefined) throw new UsageError('verdict needs --host, --process and/or --dst: which connections it is about');
  const target = await requireCase(engine, opts.case);
  const r = await engine.invoke('setCaseVerdict', {
    caseId: target.id,
    verdict: verdict as (typeof allowed)[number],
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.process !== undefined ? { process: opts.process } : {}),
    ...(opts.dst !== undefined ? { dst: opts.dst } : {}),
    ...(opts.note !== undefined ? { note: opts.note } : {}),
  });
  if (opts.json) printJson({ case: { id: target.id, name: target.name }, ...r });
  else process.stdout.write(`${verdict === 'clear' ? 'verdict cleared' : `marked ${verdict}`} in ${shown(target.name)}; the next analysis re-scores it (sightline analyze)\n`);
  return 0;
}

/** `sightline allowlist [--case NAME]`, `allowlist add cidr|domain VALUE`, `allowlist add process-destination IMAGE VALUE`, `allowlist remove ID` */
export async function allowlistCommand(engine: Engine, args: string[], opts: VerdictOptions): Promise<number> {
  const target = await requireCase(engine, opts.case);
  const [sub, ...rest] = args;
  if (sub === undefined) {
    const rules = await engine.invoke('listAllowlistRules', { caseId: target.id });
    if (opts.json) printJson({ case: { id: target.id, name: target.name }, rules });
    else if (rules.length === 0) process.stdout.write(`${shown(target.name)}: no allowlist rules\n`);
    else printTable(['ID', 'KIND', 'PROCESS', 'VALUE', 'NOTE'], rules.map((r) => [String(r.id), r.kind, r.process ?? '', r.value, r.note ?? '']));
    return 0;
  }
  if (sub === 'remove') {
    const id = Number(rest[0]);
    if (rest.length !== 1 || !Number.isInteger(id)) throw new UsageError('allowlist remove takes the rule\'s ID (see: sightline allowlist)');
    const r = await engine.invoke('removeAllowlistRule', { caseId: target.id, id });
    if (opts.json) printJson(r);
    else process.stdout.write(r.removed ? `rule ${id} removed\n` : `no rule ${id} in ${shown(target.name)}\n`);
    return r.removed ? 0 : 1;
  }
  if (sub !== 'add') throw new UsageError(`allowlist takes add, remove or nothing (not "${sub}")`);
  const [kind, ...values] = rest;
  const note = opts.note !== undefined ? { note: opts.note } : {};
  let rule: AllowlistRuleInput;
  if ((kind === 'cidr' || kind === 'domain') && values.length === 1) rule = { kind, value: values[0] as string, ...note };
  else if (kind === 'process-destination' && values.length === 2) rule = { kind, process: values[0] as string, value: values[1] as string, ...note };
  else throw new UsageError('allowlist add takes: cidr NETWORK | domain NAME | process-destination IMAGE ADDRESS-OR-DOMAIN');
  const added = await engine.invoke('addAllowlistRule', { caseId: target.id, rule });
  if (opts.json) printJson(added);
  else process.stdout.write(`rule ${added.id} added to ${shown(target.name)}: ${added.kind} ${shown(added.value)}; the next analysis re-scores (sightline analyze)\n`);
  return 0;
}
