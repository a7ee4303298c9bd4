// Deterministic honeypot-bot posts for the X sync benchmark: the texts such
// accounts post (brute force, Mirai droppers, exploit probes, top-N lists,
// defanged URLs, ports), with public IPv4 addresses only: never private,
// reserved, or the RFC 5737 documentation ranges, which the extractor refuses.
import { ipText } from './intel-data.js';
import { mulberry32 } from '../../test/synthetic/random.js';

function publicIp(rand) {
  for (;;) {
    const n = Math.floor(rand() * 0xffffffff) >>> 0;
    const a = n >>> 24;
    const b = (n >>> 16) & 255;
    const c = (n >>> 8) & 255;
    if (a < 11 || a > 223 || a === 127 || a === 100 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32)) continue;
    if ((a === 192 && (b === 168 || (b === 0 && (c === 0 || c === 2)))) || (a === 198 && (b === 18 || b === 19 || (b === 51 && c === 100))) || (a === 203 && b === 0 && c === 113)) continue;
    return ipText(n);
  }
}

const NODES = ['hp-fra-03', 'hp-ams-01', 'hp-sgp-02', 'hp-nyc-04', 'hp-gru-01'];
const SERVICES = ['SSH', 'Telnet', 'SMB', 'RDP', 'Redis', 'HTTP'];
const CVES = ['CVE-2023-1389', 'CVE-2024-3400', 'CVE-2021-44228', 'CVE-2017-17215'];

/** Post `i`'s text; about 1 in 20 is a long top-20 list (over 280 characters: X sends its full text in note_tweet). */
function postText(rand, i) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const node = pick(NODES);
  const ip = () => publicIp(rand);
  const n = () => 10 + Math.floor(rand() * 900);
  switch (i % 20 === 19 ? 4 : Math.floor(rand() * 4)) {
    case 0:
      return `${node}: #${pick(SERVICES)} brute force from ${ip()} (${n()} attempts in 10 min) #honeypot`;
    case 1: {
      const host = ip().replace(/\.(?=\d+$)/, '[.]');
      return `${node}: #Telnet Mirai-style logins from ${ip()} and ${ip()}, dropper hxxp://${host}:${8000 + n()}/bins/sora.x86 #mirai`;
    }
    case 2:
      return `${node}: #HTTP exploit attempt ${pick(CVES)} from ${ip()}:${1024 + n()} UA Mozilla/5.0 zgrab/0.x #botnet`;
    case 3:
      return `${node}: top sources last hour: ${ip()} (${n()}), ${ip()} (${n()}), ${ip()} (${n()})`;
    default:
      return `${node}: top #SSH scanners today (attempts):\n${Array.from({ length: 20 }, () => `${ip()} (${n()})`).join(', ')}`;
  }
}

/**
 * `count` posts by `username`, one every `stepMs`, the newest at `newestMs`, oldest first,
 * as `makePost` input for the stand-in.
 */
export function honeypotPosts(username, count, newestMs, { stepMs = 30_000, seed = 20261130 } = {}) {
  const rand = mulberry32(seed);
  const posts = [];
  for (let i = 0; i < count; i++) posts.push({ authorUsername: username, createdAt: newestMs - (count - 1 - i) * stepMs, text: postText(rand, i) });
  return posts;
}
