import type { ProcessFacts } from '../../src/core/analysis/process/index.js';
import { readerFor } from '../../src/core/telemetry/readers/index.js';
import { collectingSink, parseLines } from './sink.js';
import { fileLines } from './fixtures.js';

/**
 * The processes a real Sysmon file describes, read by Sightline's own
 * readers: every process creation (image, parent, user, integrity, command
 * line) and the image of every network connection. Distinct by all fields.
 */
export async function sysmonProcesses(file: string): Promise<ProcessFacts[]> {
  const collected = file.endsWith('.evtx') ? await readStream(file) : parseLines('sysmon-json', fileLines(file));
  const facts: ProcessFacts[] = [
    ...collected.processes.map(({ record: r }) => ({
      image: r.image,
      parentImage: r.parentImage,
      user: r.user,
      integrityLevel: r.integrityLevel,
      commandLine: r.commandLine,
    })),
    ...collected.connections.flatMap(({ event }) => (event.image === null ? [] : [{ image: event.image, user: event.user }])),
  ];
  const seen = new Map(facts.map((f) => [JSON.stringify(f), f]));
  return [...seen.values()];
}

async function readStream(file: string) {
  const reader = readerFor('sysmon-evtx');
  if (reader.kind !== 'stream') throw new Error('sysmon-evtx is expected to read the file itself');
  const { sink, collected } = collectingSink();
  await reader.create({ timezone: 'UTC' }).read(file, sink, {
    onChunk: () => undefined,
    onBytes: () => undefined,
    onBadRecord: (err) => {
      throw err;
    },
  });
  return collected;
}
