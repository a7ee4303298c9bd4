/**
 * Lists whose hit is context, never a reason to drop an indicator. Chosen by
 * reading each list's description (resources/warninglists/README.md):
 *
 * - Abused by attackers on purpose (a hit should raise interest, detection.md):
 *   `lots-project` (living off trusted sites), `dynamic-dns` (DDNS subdomains
 *   are a classic C2 pattern; the provider is on the list, not the
 *   subdomain), `url-shortener` (short links hide payloads),
 *   `public-ipfs-gateways` (IPFS phishing is served through them),
 *   `findip-host` and `whats-my-ip` (malware asks them for its public IP).
 * - Infrastructure anyone can rent, so an attacker's address is often in it:
 *   cloud compute (`amazon-aws`, `google-gcp`, `microsoft-azure*`,
 *   `oracle-oci`, `github`, whose ranges include Actions runners), shared
 *   hosting (`ovh-cluster`), VPN and datacenter egress (`vpn-ipv4`,
 *   `vpn-ipv6`, `icloud-private-relay`), and `telegram-ips` (Telegram's bot
 *   API is a common exfiltration channel). vpn-ipv4 alone covers most
 *   attacker addresses that honeypot accounts post.
 * - `sinkholes`: a host that talks to a sinkhole is infected, so the address
 *   stays an indicator, labelled.
 *
 * Everything else suppresses: public DNS resolvers, research scanners, CDN
 * edges (akamai, cloudflare, fastly, stackpath, bunny-net), mail providers,
 * crawlers, CRL/OCSP, popularity lists (tranco, cloudflare-top10k), vendor
 * domains, security blogs, sandboxes, parking, special-use ranges and names.
 * A more specific suppressing entry still beats a context-only one
 * (decide-hit.ts): 8.8.8.8 is a /32 on public-dns-v4 and in a /24 on vpn-ipv4.
 */
export const contextOnlyListIds: ReadonlySet<string> = new Set([
  'lots-project',
  'dynamic-dns',
  'url-shortener',
  'public-ipfs-gateways',
  'findip-host',
  'whats-my-ip',
  'amazon-aws',
  'google-gcp',
  'microsoft-azure',
  'microsoft-azure-china',
  'microsoft-azure-germany',
  'microsoft-azure-us-gov',
  'oracle-oci',
  'github',
  'ovh-cluster',
  'vpn-ipv4',
  'vpn-ipv6',
  'icloud-private-relay',
  'telegram-ips',
  'sinkholes',
]);
