import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/core/errors/index.js';
import { SerialQueue } from '../../src/core/jobs/serial-queue.js';

/** A task that runs until `finish()` is called, recording when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return {
    task: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('SerialQueue', () => {
  it('runs the tasks of one key one after the other, in order, and other keys alongside', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const other = gate(log, 'other');
    const pa = q.run('case', a.task);
    const pb = q.run('case', b.task);
    const po = q.run('home', other.task);
    await tick();
    expect(log).toEqual(['start a', 'start other']);
    a.finish();
    expect(await pa).toBe('a');
    await tick();
    expect(log).toEqual(['start a', 'start other', 'end a', 'start b']);
    b.finish();
    other.finish();
    expect(await Promise.all([pb, po])).toEqual(['b', 'other']);
  });

  it('says when a task has to wait, and not when it does not', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const waits: number[] = [];
    const first: number[] = [];
    const pa = q.run('case', a.task, { onWait: (ms) => first.push(ms) });
    const pb = q.run('case', async () => 'b', { onWait: (ms) => waits.push(ms) });
    await tick();
    expect(first).toEqual([]);
    expect(waits).toEqual([0]);
    a.finish();
    await Promise.all([pa, pb]);
  });

  it('gives up a queued task at once on cancel, never runs it, and runs the ones after it', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const a = gate(log, 'a');
    const controller = new AbortController();
    const pa = q.run('case', a.task);
    const pb = q.run('case', async () => log.push('b ran'), { signal: controller.signal });
    const pc = q.run('case', async () => 'c');
    controller.abort();
    await expect(pb).rejects.toBeInstanceOf(CancelledError);
    expect(log).toEqual(['start a']);
    a.finish();
    expect(await pa).toBe('a');
    expect(await pc).toBe('c');
    expect(log).not.toContain('b ran');
  });

  it('runs the next task after one that failed', async () => {
    const q = new SerialQueue();
    const failed = q.run('case', async () => {
      throw new Error('boom');
    });
    const next = q.run('case', async () => 'next');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });
});
