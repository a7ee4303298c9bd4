// Generated benchmark inputs, cached in bench/.work: a set of files written
// together, plus a manifest written last (its presence, with matching sizes,
// means every file is complete and can be reused).
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';

/**
 * Makes sure the files `stem + ext` (one per entry of `exts`) exist for
 * `meta` (row count, seed, generator version...), calling
 * `generate(write)` to write them otherwise; `write(ext, text)` appends to
 * one file (awaits the stream's drain). Returns the paths by ext, their byte
 * sizes and whether the cache was used.
 */
export async function ensureCached(stem, exts, meta, generate, log = () => {}) {
  fs.mkdirSync(path.dirname(stem), { recursive: true });
  const files = Object.fromEntries(exts.map((ext) => [ext, `${stem}${ext}`]));
  const manifest = `${stem}.manifest.json`;
  const cached = readManifest(manifest, files, meta);
  if (cached) return { files, bytes: cached.bytes, cached: true };

  log(`generating ${path.basename(stem)} (${exts.join(', ')})`);
  const started = Date.now();
  fs.rmSync(manifest, { force: true });
  const streams = Object.fromEntries(exts.map((ext) => [ext, fs.createWriteStream(`${files[ext]}.tmp`)]));
  const failed = new Promise((_, reject) => {
    for (const s of Object.values(streams)) s.on('error', reject);
  });
  failed.catch(() => {});
  const write = async (ext, text) => {
    const s = streams[ext];
    if (!s.write(text)) await Promise.race([once(s, 'drain'), failed]);
  };
  await generate(write);
  await Promise.race([Promise.all(Object.values(streams).map((s) => new Promise((resolve) => s.end(resolve)))), failed]);
  const bytes = {};
  for (const ext of exts) {
    fs.renameSync(`${files[ext]}.tmp`, files[ext]);
    bytes[ext] = fs.statSync(files[ext]).size;
  }
  fs.writeFileSync(manifest, `${JSON.stringify({ ...meta, bytes }, null, 2)}\n`);
  const sizes = exts.map((ext) => `${ext} ${(bytes[ext] / 1e6).toFixed(0)} MB`).join(', ');
  log(`generated in ${((Date.now() - started) / 1000).toFixed(1)} s (${sizes})`);
  return { files, bytes, cached: false };
}

function readManifest(manifest, files, meta) {
  try {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    for (const [key, value] of Object.entries(meta)) if (m[key] !== value) return null;
    for (const [ext, file] of Object.entries(files)) if (fs.statSync(file).size !== m.bytes?.[ext]) return null;
    return m;
  } catch {
    return null;
  }
}

/** A CSV field: quoted when it holds a quote, comma or line break (RFC 4180). */
export function csvField(value) {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
