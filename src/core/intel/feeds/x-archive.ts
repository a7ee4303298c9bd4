import fs from 'node:fs';
import path from 'node:path';
import { MalformedRecordError, UnsupportedFormatError } from '../../errors/index.js';
import { expandLinks, type SocialPost } from '../sources/post-records.js';
import { snowflakeTime } from '../sources/x/x-posts.js';
import { MAX_POST_FILE_BYTES, storedPostTime, type PostFile } from './x-api-json.js';
import { readWholeText } from '../../telemetry/line-reader.js';
import { insideFolder } from '../../files/inside-folder.js';

/**
 * The X account archive ("Download an archive of your data", x-api.md §4):
 * `data/tweets.js`, `data/tweets-partN.js` and the older `data/tweet.js`, each
 * JavaScript of the form `window.YTD.tweets.part0 = [ … ]`. Read as data,
 * never evaluated: the prefix is checked, everything before the first `[`
 * and a trailing `;` are dropped, the rest is JSON.
 */
const YTD_PREFIX = /^window\.YTD\.([A-Za-z0-9_]+)\.part(\d+)\s*=\s*\[/;
const POST_FILE = /^tweets?(?:-part(\d+))?\.js$/;
const POST_NAMES = new Set(['tweet', 'tweets']);

/** `posts` for an archive's post file, `other` for its other files (likes, account…), null otherwise. */
export function xArchiveFileKind(head: string): 'posts' | 'other' | null {
  const m = YTD_PREFIX.exec(head);
  if (!m) return null;
  return POST_NAMES.has(m[1] as string) ? 'posts' : 'other';
}

/** The posts files of an archive folder (its root or its `data` folder), part 0 first; null when there are none. */
export function xArchivePostFiles(dir: string): string[] | null {
  for (const candidate of [path.join(dir, 'data'), dir]) {
    let names: string[];
    try {
      names = fs.readdirSync(candidate);
    } catch {
      continue;
    }
    const parts = names.filter((n) => POST_FILE.test(n)).sort((a, b) => partOf(a) - partOf(b) || a.localeCompare(b));
    if (parts.length > 0) return parts.map((n) => path.join(candidate, n));
  }
  return null;
}

const partOf = (name: string) => Number(POST_FILE.exec(name)?.[1] ?? 0);

/** A ZIP's local file header. Sightline has no unzip of its own (no dependency for it). */
export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
}

export function zipRefusal(head: Uint8Array): string {
  // File names sit in clear text in the local headers: an X archive names data/tweets.js or data/account.js early on.
  const names = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  return /data\/(tweets?|account|manifest)[-.\w]*\.js/.test(names)
    ? 'a ZIP file (an X archive): Sightline does not open ZIP files. Unzip it, then import the unzipped folder (or its data/tweets.js)'
    : 'a ZIP file: Sightline does not open ZIP files. Unzip it and import the files inside';
}

/**
 * Reads an archive folder (every posts part) or one posts file. The author
 * is the archive's owner, from `account.js` in the same `data` folder; without it the author is
 * unknown and the source is named after what was imported.
 */
export async function readXArchive(target: string, displayName: string, now = Date.now()): Promise<PostFile> {
  const isDir = (await fs.promises.stat(target)).isDirectory();
  // Only what really lies in the chosen folder: a link in it that leads elsewhere is not read.
  const folder = isDir ? target : path.dirname(target);
  const files = isDir ? xArchivePostFiles(target)?.filter((f) => insideFolder(folder, f)) : [target];
  if (!files?.length) throw new UnsupportedFormatError('a folder without data/tweets.js (or tweets-partN.js, tweet.js): not an X archive', { file: target });
  const account = path.join(path.dirname(files[0] as string), 'account.js');
  const username = insideFolder(folder, account) ? await archiveOwner(account) : null;
  const seen = new Set<string>();
  const posts: SocialPost[] = [];
  for (const file of files) {
    for (const post of archivePosts(await readYtd(file), username, now, file)) {
      if (seen.has(post.ref)) continue;
      seen.add(post.ref);
      posts.push(post);
    }
  }
  return { source: username ? `x-archive:@${username}` : `x-archive:${displayName}`, posts };
}

interface ArchiveTweet {
  id_str?: unknown;
  id?: unknown;
  full_text?: unknown;
  text?: unknown;
  created_at?: unknown;
  entities?: { urls?: unknown; media?: unknown };
  extended_entities?: { media?: unknown };
}

function archivePosts(ytd: { name: string; items: unknown[] }, username: string | null, now: number, file: string): SocialPost[] {
  if (!POST_NAMES.has(ytd.name)) {
    throw new UnsupportedFormatError(`an X archive file, but not its posts (window.YTD.${ytd.name}): import data/tweets.js or the archive folder`, { file });
  }
  return ytd.items.map((item, i) => {
    // Archives since 2020 wrap each post as {"tweet": {...}}; the oldest ones do not.
    const wrapped = isObject(item) && isObject(item.tweet) ? item.tweet : item;
    if (!isObject(wrapped)) throw new MalformedRecordError(`post ${i + 1} is not an object`, { file });
    const t = wrapped as ArchiveTweet;
    const id = typeof t.id_str === 'string' ? t.id_str : t.id;
    if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) throw new MalformedRecordError(`post ${i + 1}: no "id_str"`, { file, field: 'id_str' });
    const raw = typeof t.full_text === 'string' ? t.full_text : t.text;
    if (typeof raw !== 'string') throw new MalformedRecordError(`post ${id}: no "full_text"`, { file, field: 'full_text' });
    const links = [t.entities?.urls, t.entities?.media, t.extended_entities?.media].flatMap(linksOf);
    // v1.1 style ("Sat Dec 06 18:20:30 +0000 2025"); ISO accepted too; without a date, the snowflake's time.
    const created = typeof t.created_at === 'string' ? t.created_at : snowflakeTime(id);
    const ms = v11Time(created);
    return {
      ref: `x:${id}`,
      text: expandLinks(unescapeHtml(raw), links),
      createdAt: storedPostTime(ms ?? Date.parse(created), created, now),
      author: username,
      url: `https://x.com/${username ?? 'i/web'}/status/${id}`,
    };
  });
}

function linksOf(list: unknown): { url: string; expanded: string | null }[] {
  if (!Array.isArray(list)) return [];
  return list
    .filter((u): u is { url: string; expanded_url?: unknown } => isObject(u) && typeof u.url === 'string')
    .map((u) => ({ url: u.url, expanded: typeof u.expanded_url === 'string' ? u.expanded_url : null }));
}

/** The archive escapes exactly these three in `full_text`; one pass, so `&amp;lt;` becomes `&lt;`. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, name: string) => (name === 'amp' ? '&' : name === 'lt' ? '<' : '>'));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const V11_TIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** `Sat Dec 06 18:20:30 +0000 2025` (the v1.1 `created_at`) as epoch ms, or null. */
export function v11Time(raw: string): number | null {
  const m = V11_TIME.exec(raw);
  if (!m) return null;
  const [, mon, day, hh, mm, ss, sign, oh, om, year] = m as unknown as string[];
  const month = MONTHS.indexOf(mon as string);
  if (month === -1) return null;
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss)) - offset;
}

/** The username in `account.js` beside the posts, or null when the file is not there. */
async function archiveOwner(file: string): Promise<string | null> {
  if (!fs.existsSync(file)) return null;
  const { name, items } = await readYtd(file);
  const account = items.map((i) => (isObject(i) ? i.account : undefined)).find(isObject);
  const username = account?.username;
  if (name !== 'account' || typeof username !== 'string' || !/^\w{1,20}$/.test(username)) {
    throw new MalformedRecordError('account.js holds no account username', { file });
  }
  return username;
}

/** `window.YTD.<name>.partN = [ … ];` as its name and items. */
async function readYtd(file: string): Promise<{ name: string; items: unknown[] }> {
  const head = await readHead(file);
  if (isZip(head)) throw new UnsupportedFormatError(zipRefusal(head), { file });
  const text = await readWholeText(file, MAX_POST_FILE_BYTES);
  const start = text.search(/\S/);
  const m = YTD_PREFIX.exec(text.slice(start));
  if (!m) throw new UnsupportedFormatError('not an X archive file (it does not start with window.YTD.<name>.partN = [)', { file });
  const open = text.indexOf('[', start);
  const body = text.slice(open).trimEnd().replace(/;$/, '');
  const lineOfOpen = text.slice(0, open).split('\n').length;
  let items: unknown;
  try {
    items = JSON.parse(body);
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    const line = lineOfOpen + ((at ? body.slice(0, Number(at[1])) : body).match(/\n/g)?.length ?? 0);
    throw new MalformedRecordError(`invalid JSON after window.YTD.${m[1]}.part${m[2]} = (${message})`, { file, line });
  }
  if (!Array.isArray(items)) throw new MalformedRecordError('expected an array after the window.YTD prefix', { file });
  return { name: m[1] as string, items };
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
