import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { categoryLabels, curatedServices, serviceCategories, serviceLists } from '../../src/core/analysis/enrich/service-catalogue.js';
import { createGeo, enrichDestination } from '../../src/core/analysis/enrich/index.js';
import { createServiceCatalogue, describeService } from '../../src/core/analysis/enrich/services.js';
import { entryBounds, entrySize, entryWithin } from '../../src/core/analysis/enrich/address-entry.js';
import { loadWarninglists } from '../../src/core/intel/warninglists/index.js';
import { resourcesDir } from '../helpers/fixtures.js';

const lists = loadWarninglists(path.join(resourcesDir, 'warninglists'));
const catalogue = createServiceCatalogue({ warninglists: lists });
const byName = (...hostNames: string[]) => catalogue.identify({ hostNames });

describe('the service catalogue, by host name', () => {
  it('names messenger APIs, cloud storage and the rest from its own list, the most specific entry deciding', () => {
    expect(byName('api.telegram.org')).toEqual({ category: 'messenger', service: 'Telegram Bot API', via: { by: 'host-name', value: 'api.telegram.org', matched: 'api.telegram.org', list: null } });
    expect(byName('web.telegram.org')).toMatchObject({ category: 'messenger', service: 'Telegram', via: { matched: 'telegram.org' } });
    expect(byName('uc1b2c3.dl.dropboxusercontent.com')).toMatchObject({ category: 'cloud-storage', service: 'Dropbox', via: { matched: 'dropboxusercontent.com', list: null } });
    expect(byName('content.dropboxapi.com')).toMatchObject({ service: 'Dropbox API' });
    expect(byName('hooks.slack.com')).toMatchObject({ category: 'messenger', service: 'Slack webhooks' });
    expect(byName('cdn.discordapp.com')).toMatchObject({ category: 'messenger', service: 'Discord attachments' });
    expect(byName('pastebin.com')).toMatchObject({ category: 'paste', service: 'Pastebin' });
    expect(byName('gist.githubusercontent.com')).toMatchObject({ category: 'paste', service: 'GitHub Gist (raw)' });
    expect(byName('raw.githubusercontent.com')).toMatchObject({ category: 'code-hosting', service: 'GitHub (raw files)' });
    expect(byName('abc123.ngrok-free.app')).toMatchObject({ category: 'tunnelling', service: 'ngrok' });
    expect(byName('tied-words-here.trycloudflare.com')).toMatchObject({ category: 'tunnelling', service: 'Cloudflare Tunnel (quick tunnel)' });
    expect(byName('evil.duckdns.org')).toMatchObject({ category: 'dynamic-dns', service: 'DuckDNS', via: { matched: 'duckdns.org', list: null } });
    expect(byName('x.oastify.com')).toMatchObject({ category: 'request-capture', service: 'Burp Collaborator' });
    expect(byName('transfer.sh')).toMatchObject({ category: 'file-sharing', service: 'transfer.sh' });
  });

  it('tells S3 buckets, EC2 hosts and the AWS IP echo apart under amazonaws.com', () => {
    expect(byName('bucket.s3.amazonaws.com')).toMatchObject({ category: 'cloud-storage', service: 'Amazon S3' });
    expect(byName('bucket.s3.eu-west-1.amazonaws.com')).toMatchObject({ category: 'cloud-storage', service: 'Amazon S3' });
    expect(byName('bucket.s3-eu-west-1.amazonaws.com')).toMatchObject({ category: 'cloud-storage', service: 'Amazon S3' });
    expect(byName('s3.dualstack.us-east-1.amazonaws.com')).toMatchObject({ service: 'Amazon S3' });
    expect(byName('ec2-3-4-5-6.compute-1.amazonaws.com')).toMatchObject({ category: 'cloud-hosting', service: 'Amazon Web Services' });
    expect(byName('checkip.amazonaws.com')).toMatchObject({ category: 'ip-lookup', service: 'AWS checkip' });
    expect(byName('nots3.amazonaws.com')).toMatchObject({ category: 'cloud-hosting' });
  });

  it('adds what the shipped warninglists name: LOTS, dynamic DNS, shorteners, IP echo, IPFS gateways', () => {
    expect(byName('team.atlassian.net')).toEqual({ category: 'trusted-site', service: 'atlassian.net', via: { by: 'host-name', value: 'team.atlassian.net', matched: 'atlassian.net', list: 'lots-project' } });
    expect(byName('host.ddnsking.com')).toMatchObject({ category: 'dynamic-dns', service: 'ddnsking.com', via: { list: 'dynamic-dns' } });
    expect(byName('adf.ly')).toMatchObject({ category: 'url-shortener', via: { list: 'url-shortener' } });
    expect(byName('2ip.ru')).toMatchObject({ category: 'ip-lookup', via: { list: 'whats-my-ip' } });
    expect(byName('4everland.io')).toMatchObject({ category: 'ipfs-gateway', via: { list: 'public-ipfs-gateways' } });
    // A string list matches the name exactly, not its subdomains.
    expect(byName('x.4everland.io')).toBeNull();
    // At equal length the curated entry, which names the service, wins over the list's.
    expect(byName('api.telegram.org')?.via.list).toBeNull();
  });

  it('reads names as DNS writes them: any case, a trailing dot', () => {
    expect(byName('API.Telegram.ORG.')).toMatchObject({ service: 'Telegram Bot API', via: { value: 'api.telegram.org' } });
  });

  it('takes the most specific of several names, whatever their order', () => {
    expect(byName('github.com', 'raw.githubusercontent.com')?.service).toBe('GitHub (raw files)');
    expect(byName('raw.githubusercontent.com', 'github.com')?.service).toBe('GitHub (raw files)');
    expect(byName('www.example.com', 'evil.duckdns.org')?.service).toBe('DuckDNS');
  });

  it('ignores names that are empty, overlong, IP literals or ordinary sites', () => {
    for (const name of ['', '   ', '.', `${'a'.repeat(250)}.com`, '149.154.167.220', '[2001:db8::1]', 'www.example.com', 'telegram.org.evil.example', 'notdropbox.com']) {
      expect(byName(name), name).toBeNull();
    }
  });
});

describe('the service catalogue, by address', () => {
  it('finds Telegram and cloud ranges from the warninglists', () => {
    expect(catalogue.identify({ ip: '149.154.167.220' })).toMatchObject({ category: 'messenger', service: 'Telegram', via: { by: 'address', value: '149.154.167.220', list: 'telegram-ips' } });
    expect(catalogue.identify({ ip: '2001:67c:4e8::1' })).toMatchObject({ service: 'Telegram', via: { list: 'telegram-ips' } });
    const [aws] = (JSON.parse(fs.readFileSync(path.join(resourcesDir, 'warninglists', 'amazon-aws.json'), 'utf8')) as { list: string[] }).list;
    expect(catalogue.identify({ ip: aws?.split('/')[0] as string })).toMatchObject({ category: 'cloud-hosting', service: 'Amazon Web Services', via: { list: 'amazon-aws' } });
  });

  it('says nothing of addresses on lists that are no such service (public DNS, CDNs), private ones or garbage', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '10.0.0.1', '', 'not an ip', '999.1.1.1']) expect(catalogue.identify({ ip }), ip).toBeNull();
    expect(catalogue.identify({})).toBeNull();
  });

  it('names the cloud, not a tenant, for a tenant range inside the cloud provider\'s (GitHub Actions runs on Azure)', () => {
    // Microsoft telemetry (v10.events.data.microsoft.com) and SmartScreen (checkappexec.microsoft.com) addresses of the
    // OTRF wevtutil capture: GitHub's list holds the Azure ranges its Actions runners use, nested in (20.189.x) or equal
    // to (65.52.0.0/19) Azure's own entries.
    for (const ip of ['20.189.173.5', '65.52.5.117', '40.71.99.188']) {
      expect(catalogue.identify({ ip }), ip).toMatchObject({ category: 'cloud-hosting', service: 'Microsoft Azure', via: { list: 'microsoft-azure' } });
    }
    expect(catalogue.identify({ ip: '20.189.173.5', hostNames: ['v10.events.data.microsoft.com'] })?.service).toBe('Microsoft Azure');
    // GitHub's own ranges, outside every cloud's, stay GitHub.
    expect(catalogue.identify({ ip: '140.82.112.3' })).toMatchObject({ category: 'code-hosting', service: 'GitHub', via: { list: 'github' } });
  });

  it('lets a host name decide before the address', () => {
    expect(catalogue.identify({ ip: '149.154.167.220', hostNames: ['x.dropboxusercontent.com'] })?.service).toBe('Dropbox');
    expect(catalogue.identify({ ip: '149.154.167.220', hostNames: ['www.example.com'] })?.service).toBe('Telegram');
  });
});

describe('the catalogue itself', () => {
  it('answers from its own list without warninglists', () => {
    const own = createServiceCatalogue({ warninglists: null });
    expect(own.identify({ hostNames: ['api.telegram.org'] })?.service).toBe('Telegram Bot API');
    expect(own.identify({ hostNames: ['team.atlassian.net'] })).toBeNull();
    expect(own.identify({ ip: '149.154.167.220' })).toBeNull();
  });

  it('has lower-case domains once each, known categories, and names only lists that ship', () => {
    const domains = curatedServices.map((e) => e.domain);
    expect(domains.filter((d) => d !== d.toLowerCase() || d.startsWith('.') || d.endsWith('.'))).toEqual([]);
    expect(domains.filter((d, i) => domains.indexOf(d) !== i)).toEqual([]);
    expect(curatedServices.filter((e) => !serviceCategories.includes(e.category))).toEqual([]);
    expect(Object.keys(categoryLabels).sort()).toEqual([...serviceCategories].sort());
    const shipped = new Set(lists.lists.map((l) => l.id));
    expect(Object.keys(serviceLists).filter((id) => !shipped.has(id))).toEqual([]);
  });

  it('describes a match in one phrase', () => {
    expect(describeService(byName('api.telegram.org')!)).toBe('Telegram Bot API (messenger) via api.telegram.org');
    expect(describeService(byName('x.dl.dropboxusercontent.com')!)).toBe('Dropbox (cloud storage) via x.dl.dropboxusercontent.com');
    expect(describeService(byName('team.atlassian.net')!)).toBe('atlassian.net (living-off-trusted-sites domain) via team.atlassian.net (atlassian.net on the lots-project list)');
    expect(describeService(catalogue.identify({ ip: '149.154.167.220' })!)).toMatch(/^Telegram \(messenger\): 149\.154\.167\.220 is in 149\.154\.16\d\.0.* on the telegram-ips list$/);
  });

  it('answers fast: 100 000 destinations with two names each', () => {
    const names = ['www.example.com', 'x.dl.dropboxusercontent.com', 'cdn.vendor.net', 'host.ddnsking.com', 'api.telegram.org'];
    const t0 = performance.now();
    let found = 0;
    for (let i = 0; i < 100_000; i++) if (catalogue.identify({ ip: `93.184.${(i >> 8) & 255}.${i & 255}`, hostNames: [names[i % 5] as string, `h${i}.example.org`] })) found++;
    const perSecond = 100_000 / ((performance.now() - t0) / 1000);
    console.info(`services: ${Math.round(perSecond).toLocaleString('en')} identifications/s`);
    expect(found).toBe(60_000);
    expect(perSecond).toBeGreaterThan(20_000); // ~250k/s idle; room for a loaded runner
  });
});

describe('enrichDestination', () => {
  it('puts class, country, AS and service of one destination together', () => {
    const geo = createGeo({ dataHome: null, packaged: [] });
    expect(enrichDestination({ geo, services: catalogue }, '149.154.167.220', ['api.telegram.org'])).toEqual({
      ip: '149.154.167.220',
      addressClass: { class: 'public', range: null, name: null, rfc: null, embedded: null },
      country: null,
      as: null,
      countryMissing: 'no-data',
      asMissing: 'no-data',
      service: { category: 'messenger', service: 'Telegram Bot API', via: { by: 'host-name', value: 'api.telegram.org', matched: 'api.telegram.org', list: null } },
    });
    expect(enrichDestination({ geo, services: catalogue }, '192.168.1.4')).toMatchObject({ addressClass: { class: 'private' }, countryMissing: 'not-public', service: null });
    expect(enrichDestination({ geo, services: catalogue }, 'garbage')).toMatchObject({ addressClass: null, countryMissing: 'not-an-address' });
  });
});

describe('address entries as warninglist hits write them', () => {
  it('reads ranges, single addresses and CIDRs of both families, and nesting', () => {
    expect(entrySize('13.64.0.0-13.95.255.255')).toBe(2n ** 21n);
    expect(entrySize('8.8.8.8')).toBe(1n);
    expect(entrySize('2001:db8::/32')).toBe(2n ** 96n);
    expect(entryWithin('20.189.128.0-20.189.191.255', '20.188.0.0/14')).toBe(true);
    expect(entryWithin('65.52.0.0/19', '65.52.0.0-65.52.31.255')).toBe(true);
    expect(entryWithin('20.188.0.0/14', '20.189.128.0-20.189.191.255')).toBe(false);
    expect(entryWithin('::ffff:0:0/96', '0.0.0.0-255.255.255.255')).toBe(false);
    expect(entryBounds('not an entry')).toBeNull();
    expect(entryWithin('garbage', '0.0.0.0-255.255.255.255')).toBe(false);
  });
});
