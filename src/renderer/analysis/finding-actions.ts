import type { CaseVerdict, Finding } from '../../shared/analysis-types.js';
import type { Client } from '../../shared/client.js';
import { baseName } from '../format.js';

export type VerdictChoice = CaseVerdict | 'clear';

export const VERDICTS: { verdict: VerdictChoice; label: string }[] = [
  { verdict: 'malicious', label: 'Malicious' },
  { verdict: 'benign', label: 'Benign' },
  { verdict: 'ignore', label: 'Ignore' },
  { verdict: 'clear', label: 'Clear verdict' },
];

/** The analyst's verdict on a finding's unit (host, process, destination). */
export async function setFindingVerdict(client: Client, caseId: string, f: Finding, verdict: VerdictChoice): Promise<void> {
  await client.setCaseVerdict({ caseId, host: f.host, ...(f.process !== null ? { process: f.process } : {}), dst: f.dst, verdict });
}

/** This process to this destination (or, for flows, the address) allowed in this case: its findings score 0, saying why. */
export async function allowlistFinding(client: Client, caseId: string, f: Finding, note: string): Promise<void> {
  await client.addAllowlistRule({
    caseId,
    rule: f.process !== null ? { kind: 'process-destination', process: f.process, value: f.dst, note } : { kind: 'cidr', value: f.dst, note },
  });
}

export function allowlistTitle(f: Finding): string {
  return f.process !== null ? 'Allow this process to talk to this destination in this case' : 'Allow this address in this case';
}

/** A finding in one line: host · process → destination:port (hostile text: show it with VisibleText). */
export function findingTitle(f: Pick<Finding, 'host' | 'process' | 'dst' | 'dport'>): string {
  return `${f.host} · ${f.process === null ? '(no process)' : baseName(f.process)} → ${f.dst}${f.dport === null ? '' : `:${f.dport}`}`;
}
