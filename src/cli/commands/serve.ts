import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../core/index.js';
import { UsageError } from '../output.js';
import { rendererDir } from '../paths.js';
import { startHttpHost } from '../serve/http-host.js';

/** `sightline serve [--port N] [--no-open]`: the UI in a browser, on 127.0.0.1 only, until Ctrl-C. */
export async function serveCommand(engine: Engine, opts: { port?: string | undefined; open: boolean }): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${opts.port}"`);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new UsageError(`the UI is not built (${rendererDir} is missing): run npm run build`);
  }
  const host = await startHttpHost({ engine, rendererDir, port });
  process.stdout.write(`Sightline is serving on ${host.url}\n(open that URL; it carries this session's token. Ctrl-C stops.)\n`);
  if (opts.open) openBrowser(host.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  return 0;
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stdout.write('(could not open a browser: open the URL above yourself)\n'));
    child.unref();
  } catch {
    // Opening a browser is a convenience; the URL is printed either way.
  }
}
