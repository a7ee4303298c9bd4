// @ts-check
// Where the organisation's benign traffic goes: real service names with addresses from the
// ranges those services really use (so address classes, cloud ranges and warninglists see
// what they would see in a real case), and a generated long tail of ordinary web sites.

/** @typedef {import('./types.js').Destination} Destination */

/**
 * @param {string | null} name
 * @param {string[]} ips
 * @param {Partial<Destination>} [rest]
 * @returns {Destination}
 */
export function destination(name, ips, rest = {}) {
  return { name, cnames: [], ips, ttl: 300, port: 443, proto: 'tcp', service: 'ssl', out: [1800, 0.6], in: [9000, 1.0], dur: [1.5, 0.9], ...rest };
}

/** The resolvers the DNS server forwards to, and that the two roaming laptops use directly. */
export const PUBLIC_RESOLVERS = ['8.8.8.8', '1.1.1.1'];

/** Named services. Addresses are from each operator's published ranges. */
export const SERVICES = {
  // The management agent every host runs: a heartbeat every 60 s (a decoy: periodic, but everywhere).
  mgmt: destination('mgmt.northwind-it.com', ['20.50.73.9'], { out: [920, 0.05], in: [410, 0.05], dur: [0.21, 0.2] }),
  outlook: destination('outlook.office365.com', ['52.97.146.162', '52.98.207.226', '52.97.201.34'], { cnames: ['outlook.ha.office365.com', 'outlook.ms-acdc.office.com'], out: [2600, 0.7], in: [14000, 1.1], dur: [30, 1.2] }),
  login: destination('login.microsoftonline.com', ['40.126.32.74', '20.190.160.19'], { cnames: ['login.mso.msidentity.com', 'ak.privatelink.msidentity.com'], out: [3100, 0.3], in: [7200, 0.4] }),
  teams: destination('teams.microsoft.com', ['52.113.194.132', '52.112.100.6'], { cnames: ['teams.office.com', 'teams-office-com.s-0005.s-msedge.net'], out: [4200, 0.9], in: [21000, 1.2], dur: [20, 1.3] }),
  sharepoint: destination('northwind-my.sharepoint.com', ['13.107.136.10', '13.107.138.10'], { cnames: ['northwind.sharepoint.com', '187794-ipv4.farm.dprodmgd104.aa-rt.sharepoint.com'], out: [60_000, 1.6], in: [30_000, 1.3], dur: [4, 1.0] }),
  officeClient: destination('officeclient.microsoft.com', ['52.109.12.21', '52.109.8.20'], { cnames: ['prod.configsvc1.live.com.akadns.net'], out: [2400, 0.3], in: [5100, 0.5] }),
  nexus: destination('nexusrules.officeapps.live.com', ['52.109.20.79'], { cnames: ['prod.nexusrules.live.com.akadns.net'], out: [1900, 0.3], in: [48_000, 0.4] }),
  winSettings: destination('settings-win.data.microsoft.com', ['40.91.76.224'], { cnames: ['atm-settingsfe-prod-geo2.trafficmanager.net'], out: [2200, 0.2], in: [6300, 0.3] }),
  telemetry: destination('v10.events.data.microsoft.com', ['20.42.65.90', '20.189.173.11'], { cnames: ['global.asimov.events.data.trafficmanager.net'], out: [9500, 0.8], in: [1200, 0.2] }),
  wuCheck: destination('fe3cr.delivery.mp.microsoft.com', ['20.72.235.82', '52.167.17.97'], { cnames: ['fe3cr.delivery.mp.microsoft.com.trafficmanager.net'], out: [6200, 0.4], in: [42_000, 0.7], dur: [3, 0.6] }),
  wuDownload: destination('download.windowsupdate.com', ['23.32.58.34', '23.32.58.40'], { cnames: ['download.windowsupdate.com.delivery.microsoft.com', 'a767.dspw65.akamai.net'], port: 80, service: 'http', out: [14_000, 0.5], in: [180_000_000, 0.6], dur: [95, 0.5] }),
  ctl: destination('ctldl.windowsupdate.com', ['23.32.58.34', '23.32.58.40'], { cnames: ['ctldl.windowsupdate.com.delivery.microsoft.com', 'wu-b-net.trafficmanager.net'], port: 80, service: 'http', out: [420, 0.2], in: [7800, 0.5] }),
  defenderCloud: destination('wdcp.microsoft.com', ['52.182.141.63'], { cnames: ['wd-prod-cp.trafficmanager.net', 'wd-prod-cp-us-west-2-fe.westus2.cloudapp.azure.com'], out: [3400, 0.6], in: [2100, 0.4] }),
  defenderUpdates: destination('definitionupdates.microsoft.com', ['13.107.4.50'], { cnames: ['definitionupdates.microsoft.com.edgesuite.net'], out: [1500, 0.3], in: [24_000_000, 0.5], dur: [14, 0.5] }),
  ncsi: destination('www.msftconnecttest.com', ['13.107.4.52'], { cnames: ['v4ncsi.msedge.net', 'ncsi.4-c-0003.c-msedge.net'], port: 80, service: 'http', out: [180, 0.05], in: [520, 0.05], dur: [0.05, 0.3] }),
  timeWindows: destination('time.windows.com', ['168.61.215.74'], { cnames: ['twc.trafficmanager.net'], port: 123, proto: 'udp', service: 'ntp', out: [48, 0], in: [48, 0], dur: [0.03, 0.3] }),
  edgeConfig: destination('config.edge.skype.com', ['13.107.42.16'], { cnames: ['config.edge.skype.com.trafficmanager.net', 'l-0007.config.skype.com'], out: [1700, 0.3], in: [11_000, 0.4] }),
  edgeNtp: destination('ntp.msn.com', ['204.79.197.203'], { cnames: ['www-msn-com.a-0003.a-msedge.net', 'a-0003.a-msedge.net'], out: [2600, 0.5], in: [95_000, 0.8] }),
  chromeUpdate: destination('update.googleapis.com', ['142.250.185.163'], { out: [2100, 0.3], in: [4800, 0.6] }),
  safeBrowsing: destination('safebrowsing.googleapis.com', ['142.250.186.42'], { out: [1300, 0.3], in: [3500, 0.5] }),
  psGallery: destination('www.powershellgallery.com', ['13.107.246.40'], { cnames: ['psg-prod-eastus.azureedge.net', 'psg-prod-eastus.afd.azureedge.net'], out: [2900, 0.3], in: [380_000, 0.6], dur: [3, 0.5] }),
  dropboxClient: destination('client.dropbox.com', ['162.125.19.131'], { cnames: ['client.dropbox-dns.com'], out: [3800, 0.6], in: [5600, 0.6], dur: [60, 1.0] }),
  dropboxContent: destination('content.dropboxapi.com', ['162.125.66.15'], { cnames: ['content.dropboxapi-dns.com'], out: [2_400_000, 1.2], in: [3900, 0.4], dur: [6, 0.9] }),
  // Telegram Desktop talks MTProto to its data centres by address, without a lookup.
  telegramDc: destination(null, ['149.154.167.50', '149.154.167.51', '149.154.175.50', '91.108.56.130'], { out: [2100, 1.0], in: [7400, 1.3], dur: [240, 1.2] }),
  telegramApi: destination('api.telegram.org', ['149.154.167.220'], { out: [1400, 0.4], in: [3200, 0.6] }),
};

/** Sites every browser visits, with how often (relative weights). */
export const POPULAR_SITES = /** @type {[number, Destination][]} */ ([
  [20, destination('www.google.com', ['142.250.185.100', '142.250.185.132'])],
  [10, destination('www.gstatic.com', ['142.250.185.67'], { out: [900, 0.4], in: [42_000, 1.0] })],
  [6, destination('fonts.googleapis.com', ['142.250.186.74'], { cnames: ['googleapis.l.google.com'] })],
  [8, destination('www.bing.com', ['13.107.21.200', '204.79.197.200'], { cnames: ['www-www.bing.com.trafficmanager.net', 'dual-a-0001.a-msedge.net'] })],
  [5, destination('www.microsoft.com', ['23.55.161.24'], { cnames: ['www.microsoft.com-c-3.edgekey.net', 'e13678.dscb.akamaiedge.net'] })],
  [6, destination('www.office.com', ['13.107.6.156'], { cnames: ['office.com.edgekey.net'] })],
  [4, destination('www.linkedin.com', ['13.107.42.14'], { cnames: ['www-linkedin-com.l-0005.l-msedge.net'] })],
  [4, destination('en.wikipedia.org', ['185.15.59.224'], { cnames: ['dyna.wikimedia.org'] })],
  [3, destination('github.com', ['140.82.121.4'])],
  [3, destination('www.youtube.com', ['142.250.186.46'], { cnames: ['youtube-ui.l.google.com'], in: [900_000, 1.4], dur: [60, 1.2] })],
  [4, destination('cdnjs.cloudflare.com', ['104.17.24.14', '104.17.25.14'], { out: [800, 0.3], in: [60_000, 1.0] })],
  [3, destination('ajax.googleapis.com', ['142.250.185.202'], { out: [800, 0.3], in: [35_000, 0.8] })],
  [2, destination('www.bbc.co.uk', ['151.101.0.81', '151.101.64.81'], { cnames: ['www.bbc.co.uk.pri.bbc.co.uk', 'uk.www.bbc.co.uk.map.fastly.net'] })],
  [2, destination('www.reuters.com', ['23.62.226.18'], { cnames: ['www.reuters.com.edgekey.net', 'e9743.a.akamaiedge.net'] })],
  [2, destination('stackoverflow.com', ['104.18.32.7', '172.64.155.249'])],
  [2, destination('www.amazon.com', ['54.239.28.85'], { cnames: ['tp.47cf2c8c9-frontier.amazon.com'] })],
]);

/** Endpoints a browser calls on its own (updates, safe browsing, new-tab pages). */
export const BROWSER_SERVICES = {
  edge: [SERVICES.edgeConfig, SERVICES.edgeNtp, SERVICES.login],
  chrome: [SERVICES.chromeUpdate, SERVICES.safeBrowsing],
};
