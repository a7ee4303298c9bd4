import { storableIso } from '../../bounds.js';
import { MalformedRecordError, type SightlineError } from '../../errors/index.js';
import type { SocialPost } from '../sources/post-records.js';
import { xPagePosts, type XPage, type XTweet, type XUser } from '../sources/x/x-posts.js';
import { readWholeText } from '../../telemetry/line-reader.js';

/** Post files are parsed whole; past this they are refused rather than exhausting memory. */
export const MAX_POST_FILE_BYTES = 512 << 20;

/** Posts of a file and the source they are credited to. */
export interface PostFile {
  source: string;
  posts: SocialPost[];
}

/**
 * A saved X API v2 answer: `"data"` holding posts (`"id"` and `"text"`), or
 * posts themselves (`edit_history_tweet_ids` is X's own field). Checked on
 * the head of the file, after STIX and MISP have had their turn.
 */
export function looksLikeXApiJson(head: string): boolean {
  if (!/^[[{]/.test(head)) return false;
  if (/"edit_history_tweet_ids"\s*:/.test(head)) return true;
  return /"data"\s*:\s*[[{]/.test(head) && /"text"\s*:\s*"/.test(head) && /"id"\s*:\s*"\d{1,19}"/.test(head);
}

/**
 * Reads a saved X API v2 response (`{"data": [...], "includes": {"users": [...]}}`), JSON lines of
 * such responses, a JSON array of them, or concatenated pretty-printed ones (`curl … | jq . >> f`).
 * Posts become SocialPosts exactly as a sync makes them (`xPagePosts`), so the same post has the same
 * ref (`x:<id>`) whichever way it arrived; the source is `x-file:<file name>`.
 */
export async function readXApiJsonFile(file: string, fileName: string, now = Date.now()): Promise<PostFile> {
  return { source: `x-file:${fileName}`, posts: xApiJsonPosts(await readWholeText(file, MAX_POST_FILE_BYTES), now) };
}

export function xApiJsonPosts(text: string, now = Date.now()): SocialPost[] {
  const pages: { page: XPage; line: number }[] = [];
  for (const { value, line } of jsonValues(text)) {
    for (const item of Array.isArray(value) ? value : [value]) pages.push({ page: asPage(item, line), line });
  }
  // A post's author may be introduced on another page of the same file.
  const users: XUser[] = pages.flatMap(({ page }) => page.includes?.users ?? []);
  const seen = new Set<string>();
  const posts: SocialPost[] = [];
  for (const { page, line } of pages) {
    const data = (page.data ?? []).filter((t) => !seen.has(t.id) && seen.add(t.id));
    for (const post of xPagePosts({ data, includes: { users } })) posts.push({ ...post, createdAt: postTime(post.createdAt, now, line) });
  }
  return posts;
}

/** One element of the file: a response (`data` an array, or one post for GET /2/tweets/:id), or a bare post. */
function asPage(item: unknown, line: number): XPage {
  if (!isObject(item)) throw new MalformedRecordError('expected an X API response object', { line });
  if ('data' in item) {
    const data = Array.isArray(item.data) ? item.data : [item.data];
    const includes = isObject(item.includes) && Array.isArray(item.includes.users) ? { users: item.includes.users.filter(isUser) } : undefined;
    return { data: data.map((t, i) => asPost(t, line, `data[${i}]`)), ...(includes ? { includes } : {}) };
  }
  if ('id' in item && 'text' in item) return { data: [asPost(item, line, 'post')] };
  // An answer with only errors or meta (a page past the end, an unknown user) holds no posts.
  if ('errors' in item || 'meta' in item) return {};
  throw new MalformedRecordError('not an X API response (no "data" with posts)', { line });
}

function asPost(t: unknown, line: number, where: string): XTweet {
  if (!isObject(t)) throw new MalformedRecordError(`${where} is not a post object`, { line, field: where });
  if (typeof t.id !== 'string' || !/^\d{1,19}$/.test(t.id)) {
    // Ids are strings in v2; a number has already lost digits in JSON.parse.
    throw new MalformedRecordError(`${where}: "id" must be the post id as a string of digits`, { line, field: 'id' });
  }
  if (typeof t.text !== 'string') throw new MalformedRecordError(`${where} (post ${t.id}): no "text"`, { line, field: 'text' });
  if (t.created_at !== undefined && typeof t.created_at !== 'string') throw new MalformedRecordError(`post ${t.id}: "created_at" is not a string`, { line, field: 'created_at' });
  const note = isObject(t.note_tweet) && typeof t.note_tweet.text === 'string' ? (t.note_tweet as XTweet['note_tweet']) : undefined;
  return {
    id: t.id,
    text: t.text,
    ...(typeof t.created_at === 'string' ? { created_at: t.created_at } : {}),
    ...(typeof t.author_id === 'string' ? { author_id: t.author_id } : {}),
    ...(isObject(t.entities) ? { entities: { urls: urlsOf(t.entities) } } : {}),
    ...(note ? { note_tweet: { text: note.text, entities: { urls: urlsOf(note.entities) } } } : {}),
  };
}

function urlsOf(entities: unknown): { url: string; expanded_url?: string; unwound_url?: string }[] {
  const urls = isObject(entities) && Array.isArray(entities.urls) ? entities.urls : [];
  return urls.filter((u): u is { url: string } => isObject(u) && typeof u.url === 'string').map((u) => {
    const { url, expanded_url: expanded, unwound_url: unwound } = u as { url: string; expanded_url?: unknown; unwound_url?: unknown };
    return { url, ...(typeof expanded === 'string' ? { expanded_url: expanded } : {}), ...(typeof unwound === 'string' ? { unwound_url: unwound } : {}) };
  });
}

const isUser = (u: unknown): u is XUser => isObject(u) && typeof u.id === 'string' && typeof u.username === 'string';

/** A post time as stored: ISO, never later than now (a date in the future would never decay). */
export function postTime(raw: string, now: number, line?: number): string {
  return storedPostTime(Date.parse(raw), raw, now, line);
}

/** Epoch ms of a post (as `raw` writes it) as stored: never later than now, and a storable time (core/bounds.ts). */
export function storedPostTime(ms: number, raw: string, now: number, line?: number): string {
  const iso = storableIso(Math.min(ms, now));
  if (iso === null) throw new MalformedRecordError(`"${raw.slice(0, 40)}" is not a date from 1970-01-01 up to 2100-01-01`, { ...(line !== undefined ? { line } : {}), field: 'created_at' });
  return iso;
}

/**
 * The JSON values of a file: one document, or several after one another
 * (JSON lines, or pretty-printed values concatenated), each with the line
 * it starts on.
 */
export function jsonValues(text: string): { value: unknown; line: number }[] {
  try {
    return [{ value: JSON.parse(text), line: 1 }];
  } catch (whole) {
    const chunks = splitTopLevel(text);
    if (chunks.length <= 1) throw jsonError(whole, text, 1);
    return chunks.map(({ text: chunk, line }) => {
      try {
        return { value: JSON.parse(chunk) as unknown, line };
      } catch (err) {
        throw jsonError(err, chunk, line);
      }
    });
  }
}

/** Splits concatenated JSON objects/arrays at depth 0 (strings and escapes respected). */
function splitTopLevel(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let line = 1;
  let depth = 0;
  let start = -1;
  let startLine = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (depth++ === 0) {
        start = i;
        startLine = line;
      }
    } else if (c === 125 || c === 93) {
      if (--depth === 0) out.push({ text: text.slice(start, i + 1), line: startLine });
      if (depth < 0) throw new MalformedRecordError('invalid JSON (a closing bracket without an opening one)', { line });
    } else if (depth === 0 && c !== 32 && c !== 9 && c !== 13 && c !== 10 && c !== 0xfeff) {
      throw new MalformedRecordError('invalid JSON (expected an object or an array)', { line });
    }
  }
  // Cut short: hand the rest over so that JSON.parse says what is missing.
  if (depth > 0) out.push({ text: text.slice(start), line: startLine });
  return out;
}

function jsonError(err: unknown, text: string, firstLine: number): SightlineError {
  const message = (err as Error).message;
  const at = /at position (\d+)/.exec(message);
  const offset = at ? Number(at[1]) : text.length;
  const line = firstLine + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
  return new MalformedRecordError(`invalid JSON (${message})`, { line });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
