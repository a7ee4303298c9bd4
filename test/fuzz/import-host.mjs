// The fuzzer's engine process: the engine bundled by engine-snapshot.ts (its
// path is the first argument), driven over the IPC channel of
// child_process.fork, so the fuzzer can kill it when an import hangs (a loop
// that never yields cannot be timed out from inside) and can see what it
// prints and throws. Plain JavaScript: it runs without a TypeScript loader.
//
// Requests: { id, op: 'open', home, resourcesDir } | { id, op: 'invoke', name, input } | { id, op: 'close' }
// | { id, op: 'fds' } (what the open file descriptors point to, once pending closes ran; null where /proc is not).
// In `input`, { $source: path } becomes a read grant and { $target: path } a write grant.
// Replies: { id, ok: true, value } | { id, ok: false, error: ErrorPayload }.
// Unprompted: { type: 'crash', what, message } for an unhandled rejection or exception.
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const { Engine } = await import(pathToFileURL(process.argv[2]).href);

let engine = null;

function grants(value) {
  if (Array.isArray(value)) return value.map(grants);
  if (value === null || typeof value !== 'object') return value;
  if (typeof value.$source === 'string') return engine.files.source(value.$source);
  if (typeof value.$target === 'string') return engine.files.target(value.$target);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, grants(v)]));
}

async function handle(msg) {
  switch (msg.op) {
    case 'open':
      engine?.close();
      engine = new Engine({ home: msg.home, resourcesDir: msg.resourcesDir, noDemo: true });
      return null;
    case 'invoke':
      if (!engine) throw new Error('no engine open');
      return await engine.invoke(msg.name, grants(msg.input));
    case 'close':
      engine?.close();
      engine = null;
      return null;
    case 'fds':
      // Streams close on later turns of the event loop: let them before counting.
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (!fs.existsSync('/proc/self/fd')) return null;
      return fs.readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          return [fs.readlinkSync(`/proc/self/fd/${fd}`)];
        } catch {
          return []; // closed meanwhile (the directory listing's own descriptor)
        }
      });
    default:
      throw new Error(`unknown op ${msg.op}`);
  }
}

function payloadOf(err) {
  if (err && typeof err === 'object' && err.payload) return err.payload;
  return { code: 'INTERNAL', message: `host: ${err instanceof Error ? err.stack : String(err)}` };
}

process.on('message', (msg) => {
  handle(msg).then(
    (value) => process.send({ id: msg.id, ok: true, value }),
    (err) => process.send({ id: msg.id, ok: false, error: payloadOf(err) }),
  );
});
for (const what of ['unhandledRejection', 'uncaughtException']) {
  process.on(what, (err) => {
    process.send?.({ type: 'crash', what, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  });
}
process.send({ type: 'ready' });
