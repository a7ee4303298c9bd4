import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.js';
import { decodePath } from '../../shared/url-path.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Serves the built renderer; never a file outside `root`. */
export function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const decoded = decodePath(pathname);
  if (decoded === null) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad request: malformed percent-encoding in the path');
    return;
  }
  const rel = pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  if (!file.startsWith(path.resolve(root) + path.sep) || !insideRealRoot(root, file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
  });
  fs.createReadStream(file).pipe(res);
}

/** The file, links resolved, is still under the root's own real path (a link in the build folder leads nowhere else). */
function insideRealRoot(root: string, file: string): boolean {
  try {
    return fs.realpathSync(file).startsWith(fs.realpathSync(root) + path.sep);
  } catch {
    return false;
  }
}
