/**
 * Sites that posts link to as references, not as indicators: the post's own
 * platform, lookup and sandbox services, vendor blogs. "Possible SSH attack
 * from 45.1.2.3 https://www.abuseipdb.com/check/45.1.2.3" names one bad
 * address, not abuseipdb.com. Addresses and hashes inside such links are
 * still taken (the extractor reads URL paths for them); only the link and
 * its host are dropped. Subdomains count: `blog.talosintelligence.com`.
 */
export const referenceSites: readonly string[] = [
  // Social platforms and link shorteners a post links back to.
  'x.com', 'twitter.com', 't.co', 'mastodon.social', 'infosec.exchange', 'bsky.app', 'linkedin.com', 'youtube.com', 'youtu.be',
  // Lookups, scanners and sandboxes.
  'virustotal.com', 'abuseipdb.com', 'shodan.io', 'censys.io', 'urlscan.io', 'riskdiscovery.com', 'greynoise.io', 'otx.alienvault.com',
  'bazaar.abuse.ch', 'urlhaus.abuse.ch', 'threatfox.abuse.ch', 'feodotracker.abuse.ch', 'sslbl.abuse.ch', 'any.run', 'tria.ge',
  'hybrid-analysis.com', 'joesandbox.com', 'pulsedive.com', 'ipinfo.io', 'bgp.he.net', 'viewdns.info', 'whois.domaintools.com',
  'crt.sh', 'spur.us', 'threatbook.io', 'fofa.info', 'hunt.io', 'validin.com', 'silentpush.com', 'app.netlas.io', 'zoomeye.ai',
  // Vendor research blogs and news.
  'unit42.paloaltonetworks.com', 'talosintelligence.com', 'securelist.com', 'thedfirreport.com', 'bleepingcomputer.com',
  'welivesecurity.com', 'proofpoint.com', 'mandiant.com', 'cloud.google.com', 'microsoft.com', 'crowdstrike.com', 'sentinelone.com',
  'trendmicro.com', 'elastic.co', 'huntress.com', 'recordedfuture.com', 'sekoia.io', 'cisa.gov', 'github.com',
];

const sites = new Set(referenceSites);

/** The reference site a host belongs to, or null. */
export function referenceSiteOf(host: string): string | null {
  let name = host.toLowerCase();
  for (;;) {
    if (sites.has(name)) return name;
    const dot = name.indexOf('.');
    if (dot === -1) return null;
    name = name.slice(dot + 1);
  }
}
