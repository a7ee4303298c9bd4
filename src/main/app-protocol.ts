import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { decodePath } from '../shared/url-path.js';

export const APP_SCHEME = 'sightline';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/**
 * The page is served from sightline://app/ rather than file://, so it has a
 * real origin: 'self' in the CSP means our files only, module workers load,
 * and no other local file is reachable from the page.
 */
export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string, csp: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const decoded = decodePath(url.pathname);
    if (decoded === null) return new Response('bad request: malformed percent-encoding in the path', { status: 400 });
    const rel = url.pathname === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (url.host !== 'app' || !file.startsWith(root + path.sep)) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}
