import fs from 'node:fs';

/** The test-only self-signed loopback certificate (see tls/README.md). Trust it with `new https.Agent({ ca: cert })`. */
export function loopbackTls(): { key: string; cert: string } {
  const read = (name: string) => fs.readFileSync(new URL(`./tls/${name}`, import.meta.url), 'utf8');
  return { key: read('loopback-key.pem'), cert: read('loopback-cert.pem') };
}
