import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/shared/analysis-types.js';
import { contract } from '../../src/shared/contract.js';
import { inDefaultReport, MAX_REPORT_FINDINGS } from '../../src/shared/report-types.js';
import {
  buildReportInput,
  describeProgress,
  describeResult,
  draftProblems,
  initialDraft,
  reduceDraft,
  selectedFindings,
  type DraftAction,
  type ReportDraft,
} from '../../src/renderer/report/report-draft.js';

function finding(id: number, score: number, verdict: Finding['verdict'] = null): Finding {
  return {
    id, host: `ws-${id}`, process: 'C:\\Windows\\System32\\rundll32.exe', dst: `203.0.113.${id}`, dport: 443, score, severity: score >= 0.7 ? 'low' : null,
    kinds: ['beacon'], explanations: [], events: 10, bytesOut: 1, bytesIn: 1, firstSeen: '2024-01-01T00:00:00Z', lastSeen: '2024-01-02T00:00:00Z', verdict,
  };
}
const findings = [finding(1, 0.95), finding(2, 0.7), finding(3, 0.69), finding(4, 0.2, 'malicious'), finding(5, 0.1, 'benign')];
const run = (d: ReportDraft, ...actions: DraftAction[]) => actions.reduce(reduceDraft, d);

describe('report draft', () => {
  it('starts with the case title, amber, every section, HTML with the graph, the default selection at 0.7', () => {
    const d = initialDraft('Northwind week');
    expect(d).toMatchObject({ title: 'Northwind week — investigation report', analyst: '', tlp: 'amber', sections: ['summary', 'findings', 'graph', 'appendix'], mode: 'default', minScore: 0.7, format: 'html', includeGraph: true });
    expect(draftProblems(d, findings)).toEqual([]);
  });

  it('selects by default every finding at or above the score and every confirmed one, ignoring the checklist', () => {
    const d = run(initialDraft('c'), { type: 'choose', id: 5, on: true });
    expect(selectedFindings(d, findings).map((f) => f.id)).toEqual([1, 2, 4]);
    expect(selectedFindings(run(d, { type: 'minScore', value: 0.9 }), findings).map((f) => f.id)).toEqual([1, 4]);
    expect(selectedFindings(run(d, { type: 'minScore', value: 0 }), findings)).toHaveLength(5);
    expect(run(d, { type: 'minScore', value: 7 }).minScore).toBe(1);
    expect(run(d, { type: 'minScore', value: Number.NaN }).minScore).toBe(0.7);
  });

  it('counts by the engine\'s rule: a finding marked "ignore" is left out whatever its score, one called malicious is in', () => {
    const listed = [...findings, finding(6, 0.99, 'ignore'), finding(7, 0, 'malicious')];
    expect(selectedFindings(initialDraft('c'), listed).map((f) => f.id)).toEqual([1, 2, 4, 7]);
    expect(listed.filter((f) => inDefaultReport(f, 0.7)).map((f) => f.id)).toEqual([1, 2, 4, 7]);
    expect(selectedFindings(run(initialDraft('c'), { type: 'mode', mode: 'chosen' }, { type: 'choose', id: 6, on: true }), listed).map((f) => f.id)).toEqual([6]);
  });

  it('chosen: only the ticked findings still listed, each once; all and none', () => {
    let d = run(initialDraft('c'), { type: 'mode', mode: 'chosen' });
    expect(selectedFindings(d, findings)).toEqual([]);
    expect(draftProblems(d, findings)).toEqual(['Choose at least one finding.']);
    d = run(d, { type: 'choose', id: 3, on: true }, { type: 'choose', id: 3, on: true }, { type: 'choose', id: 99, on: true }, { type: 'choose', id: 5, on: true });
    expect(selectedFindings(d, findings).map((f) => f.id)).toEqual([3, 5]);
    expect(run(d, { type: 'choose', id: 3, on: false }).chosen).toEqual([99, 5]);
    expect(selectedFindings(run(d, { type: 'chooseAll', ids: findings.map((f) => f.id) }), findings)).toHaveLength(5);
    expect(run(d, { type: 'chooseNone' }).chosen).toEqual([]);
  });

  it('refuses no section, long titles, and more findings than a report takes', () => {
    const d = initialDraft('c');
    const none = run(d, ...(['summary', 'findings', 'graph', 'appendix'] as const).map((s) => ({ type: 'section', section: s, on: false }) as const));
    expect(draftProblems(none, findings)).toEqual(['Choose at least one section.']);
    expect(draftProblems(run(d, { type: 'title', value: 'x'.repeat(201) }), findings)).toEqual(['The title is longer than 200 characters.']);
    const many = Array.from({ length: MAX_REPORT_FINDINGS + 1 }, (_, i) => finding(i, 0.8));
    expect(draftProblems(d, many)[0]).toMatch(/2,001 findings are selected; a report takes at most 2,000/);
  });

  it('keeps sections in the report order and the graph choice across formats once set', () => {
    let d = run(initialDraft('c'), { type: 'section', section: 'summary', on: false }, { type: 'section', section: 'summary', on: true });
    expect(d.sections).toEqual(['summary', 'findings', 'graph', 'appendix']);
    d = run(d, { type: 'format', format: 'json' });
    expect(d.includeGraph).toBe(false);
    expect(run(d, { type: 'format', format: 'pdf' }).includeGraph).toBe(true);
    d = run(d, { type: 'includeGraph', on: false }, { type: 'format', format: 'pdf' });
    expect(d.includeGraph).toBe(false);
  });

  it('builds an input the contract accepts: minScore by default, ids when chosen, the graph only where drawn', () => {
    const schema = contract.exportReport.input;
    const d = run(initialDraft('c'), { type: 'title', value: '  <img src=x onerror=alert(1)>  ' }, { type: 'analyst', value: ' A. Analyst ' }, { type: 'tlp', value: 'red' });
    const input = buildReportInput(d, 'case-1', findings, '<svg/>');
    expect(input).toEqual({ caseId: 'case-1', format: 'html', tlp: 'red', sections: ['summary', 'findings', 'graph', 'appendix'], title: '<img src=x onerror=alert(1)>', analyst: 'A. Analyst', minScore: 0.7, graphSvg: '<svg/>' });
    expect(schema.safeParse(input).success).toBe(true);

    const chosen = run(d, { type: 'mode', mode: 'chosen' }, { type: 'choose', id: 3, on: true }, { type: 'choose', id: 77, on: true }, { type: 'format', format: 'json' }, { type: 'analyst', value: '  ' });
    const json = buildReportInput(chosen, 'case-1', findings, '<svg/>');
    expect(json).toEqual({ caseId: 'case-1', format: 'json', tlp: 'red', sections: ['summary', 'findings', 'graph', 'appendix'], title: '<img src=x onerror=alert(1)>', findingIds: [3] });
    expect(schema.safeParse(json).success).toBe(true);

    const noGraphSection = run(d, { type: 'section', section: 'graph', on: false });
    expect(buildReportInput(noGraphSection, 'c', findings, '<svg/>')).not.toHaveProperty('graphSvg');
    expect(buildReportInput(d, 'c', findings, null)).not.toHaveProperty('graphSvg');
  });

  it('says progress and results in words', () => {
    expect(describeProgress(null, 'html')).toEqual({ text: 'Starting…', fraction: null });
    expect(describeProgress({ step: 'waiting', fraction: 0, waitingSeconds: 4 }, 'html').text).toMatch(/Waiting .* \(4 s\)/);
    expect(describeProgress({ step: 'gathering', fraction: 0.5 }, 'html')).toEqual({ text: 'Gathering the findings… 50 %', fraction: 0.25 });
    expect(describeProgress({ step: 'writing', fraction: 1 }, 'pdf')).toEqual({ text: 'Writing the PDF… 100 %', fraction: 1 });
    const sha = 'a'.repeat(64);
    expect(describeResult({ file: 'r.json', format: 'json', records: 12, sha256: sha, download: { fileId: 'f', name: 'r.json', bytes: 1_258_291 } })).toBe(`Report written: 12 findings, 1.2 MB, sha256 ${sha}; downloaded as r.json.`);
    expect(describeResult({ file: 'r.csv', format: 'connections', records: 1, sha256: sha, download: null })).toBe(`Report written: 1 connection, sha256 ${sha}; saved to r.csv.`);
  });
});
