// Deterministic intel data for the matching benchmark: a list of public IPv4
// indicators, a FireHOL-style netset of CIDRs, and flow destination IPs of
// which about half are listed. Cached in bench/.work by size and seed.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
// The synthetic case generator's PRNG: one definition of it.
import { mulberry32 } from '../../test/synthetic/random.js';


/** A public unicast address as an integer (first octet 11..223, skipping private and reserved blocks). */
function publicIp(rand) {
  for (;;) {
    const n = Math.floor(rand() * 0xffffffff) >>> 0;
    const a = n >>> 24;
    const b = (n >>> 16) & 255;
    if (a < 11 || a > 223 || a === 127 || a === 100 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || (a === 169 && b === 254)) continue;
    return n;
  }
}

export const ipText = (n) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

async function writeLines(file, count, make) {
  const tmp = `${file}.partial`;
  const out = fs.createWriteStream(tmp);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${make(i)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  fs.renameSync(tmp, file);
}

export async function ensureIntelData(workDir, indicators, cidrs, flows, seed = 20261129) {
  fs.mkdirSync(workDir, { recursive: true });
  const stem = path.join(workDir, `intel-${indicators}i-${cidrs}c-${flows}f-s${seed}-v1`);
  const files = { list: `${stem}.txt`, netset: `${stem}.netset`, flows: `${stem}.flows`, csv: `${stem}.csv` };
  if (Object.values(files).every((f) => fs.existsSync(f))) return { ...files, cached: true };
  const rand = mulberry32(seed);
  const listed = new Uint32Array(indicators);
  for (let i = 0; i < indicators; i++) listed[i] = publicIp(rand);
  await writeLines(files.list, indicators, (i) => ipText(listed[i]));
  await writeLines(files.csv, indicators + 1, (i) => (i === 0 ? 'ip' : ipText(listed[i - 1])));
  await writeLines(files.netset, cidrs, () => {
    const prefix = 16 + Math.floor(rand() * 13);
    const size = 2 ** (32 - prefix);
    const base = Math.floor(publicIp(rand) / size) * size;
    return `${ipText(base)}/${prefix}`;
  });
  // Half the flows go to listed addresses, half to random ones.
  await writeLines(files.flows, flows, () => ipText(rand() < 0.5 ? listed[Math.floor(rand() * indicators)] : publicIp(rand)));
  return { ...files, cached: false };
}
