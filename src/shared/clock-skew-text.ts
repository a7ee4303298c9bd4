import { formatDuration } from './charts/ticks.js';
import type { ClockSkew } from './types.js';

/**
 * One sentence about two files' clocks found apart (core/telemetry/clock-skew.ts),
 * for the CLI and the import summary: which one is off and the evidence, or
 * that these files cannot tell and what would, then what was done. `name`
 * shows a file's name (the CLI's shown(), the UI's base name).
 */
export function describeClockSkew(skew: ClockSkew, name: (file: string) => string): string {
  const flow = name(skew.file);
  const amount = formatDuration(Math.abs(skew.seconds));
  // seconds = flow minus endpoint: positive, the flow file's clock is ahead.
  const flowDir = skew.seconds >= 0 ? 'ahead of' : 'behind';
  const endpointDir = skew.seconds >= 0 ? 'behind' : 'ahead of';
  if (skew.off === undefined || skew.endpointFile === undefined) return `${flow}'s clock is ${amount} ${flowDir} the endpoints'; taken into account when joining`;
  const endpoint = name(skew.endpointFile);
  const checked = skew.checked ?? 0;
  const [finding, moved] =
    skew.off === 'endpoint'
      ? [
          `${endpoint}'s connection times are ${amount} ${endpointDir} ${flow}'s and its own process starts ` +
            `(${skew.endpointBeforeStart ?? 0} of ${checked} connections checked were logged before the process that made them started)`,
          `they were moved onto ${flow}'s clock`,
        ]
      : skew.off === 'flow'
        ? [
            `${flow}'s clock is ${amount} ${flowDir} ${endpoint}'s and its process starts ` +
              `(${skew.flowBeforeStart ?? 0} of ${checked} flows checked came before the process that made them started)`,
            `its flows were moved onto ${endpoint}'s clock`,
          ]
        : [
            `${flow}'s clock is ${amount} ${flowDir} ${endpoint}'s; which one is off cannot be told from these files (` +
              (checked === 0
                ? 'the case holds no start of the processes that made these connections'
                : `of ${checked} joined pairs checked, ${skew.endpointBeforeStart ?? 0} endpoint connections and ${skew.flowBeforeStart ?? 0} flows come before the process that made them started`) +
              `): the process starts (Sysmon event 1) of these connections, or a third log of the same traffic, would decide`,
            `${flow}'s flows were put on ${endpoint}'s clock`,
          ];
  return `${finding}; ${skew.moved === false ? 'taken into account when joining, not stored moved (that would take some times outside 1970–2100)' : moved}`;
}
