import { describe, expect, it } from 'vitest';
import { describeClockSkew } from '../../src/shared/clock-skew-text.js';

const base = (f: string) => f.split('/').pop() as string;

describe('describeClockSkew: which of two files\' clocks is off, in words', () => {
  it('blames the endpoint file when its connections come before their processes\' starts', () => {
    expect(describeClockSkew({ file: '/c/zeek-conn.log', endpointFile: '/c/sysmon.json', seconds: 483_280, off: 'endpoint', checked: 15, endpointBeforeStart: 15, flowBeforeStart: 0 }, base)).toBe(
      "sysmon.json's connection times are 5.6 days behind zeek-conn.log's and its own process starts (15 of 15 connections checked were logged before the process that made them started); they were moved onto zeek-conn.log's clock",
    );
  });

  it('blames the flow file when its flows come before the processes that made them', () => {
    expect(describeClockSkew({ file: 'conn.log', endpointFile: 'sysmon.json', seconds: -7200, off: 'flow', checked: 4, endpointBeforeStart: 0, flowBeforeStart: 4 }, base)).toBe(
      "conn.log's clock is 2.0 h behind sysmon.json's and its process starts (4 of 4 flows checked came before the process that made them started); its flows were moved onto sysmon.json's clock",
    );
  });

  it('says when the files cannot tell, and what would decide', () => {
    const text = describeClockSkew({ file: 'conn.log', endpointFile: 'sysmon.json', seconds: 86_400 * 3, off: 'unknown', checked: 0, endpointBeforeStart: 0, flowBeforeStart: 0 }, base);
    expect(text).toBe(
      "conn.log's clock is 3.0 days ahead of sysmon.json's; which one is off cannot be told from these files (the case holds no start of the processes that made these connections): the process starts (Sysmon event 1) of these connections, or a third log of the same traffic, would decide; conn.log's flows were put on sysmon.json's clock",
    );
    expect(describeClockSkew({ file: 'conn.log', endpointFile: 'sysmon.json', seconds: 600, off: 'unknown', checked: 9, endpointBeforeStart: 0, flowBeforeStart: 0 }, base)).toContain('(of 9 joined pairs checked, 0 endpoint connections and 0 flows come before the process that made them started)');
  });

  it('reads a summary without the attribution as before', () => {
    expect(describeClockSkew({ file: 'a/conn.log', seconds: 483_280 }, base)).toBe("conn.log's clock is 5.6 days ahead of the endpoints'; taken into account when joining");
  });

  it('says when the times were only allowed for in the join, not stored moved', () => {
    expect(describeClockSkew({ file: 'conn.log', endpointFile: 'sysmon.json', seconds: -7200, off: 'flow', checked: 4, endpointBeforeStart: 0, flowBeforeStart: 4, moved: false }, base)).toBe(
      "conn.log's clock is 2.0 h behind sysmon.json's and its process starts (4 of 4 flows checked came before the process that made them started); taken into account when joining, not stored moved (that would take some times outside 1970–2100)",
    );
  });
});
