import type { AddressClass } from '../../enrich/iana-special-ranges.js';

/**
 * Ports no process owns, so that one process alone using them, or using them
 * for the first time, says nothing. Inside the network: the services every
 * Windows network and its domain controllers answer on (name resolution,
 * time, Kerberos, LDAP, RPC, SMB) and the local discovery protocols sent to
 * multicast and broadcast (LLMNR, mDNS, SSDP, NetBIOS, WS-Discovery). The
 * same ports towards the internet stay judged: SMB or LDAP to a public
 * address is not the network's own business. Everywhere: the web's ports.
 * IANA's service-name registry and Microsoft's "Service overview and network
 * port requirements for Windows" list them.
 */
const internalServicePorts: ReadonlyMap<number, string> = new Map([
  [53, 'DNS'],
  [67, 'DHCP'],
  [68, 'DHCP'],
  [88, 'Kerberos'],
  [123, 'NTP'],
  [135, 'RPC endpoint mapper'],
  [137, 'NetBIOS name service'],
  [138, 'NetBIOS datagram service'],
  [139, 'NetBIOS session service'],
  [389, 'LDAP'],
  [445, 'SMB'],
  [464, 'Kerberos password change'],
  [546, 'DHCPv6'],
  [547, 'DHCPv6'],
  [636, 'LDAP over TLS'],
  [1900, 'SSDP'],
  [3268, 'LDAP global catalogue'],
  [3269, 'LDAP global catalogue over TLS'],
  [3702, 'WS-Discovery'],
  [5353, 'mDNS'],
  [5355, 'LLMNR'],
  [9389, 'Active Directory Web Services'],
]);

const webPorts: ReadonlyMap<number, string> = new Map([
  [80, 'HTTP'],
  [443, 'HTTPS'],
]);

/** Where a destination is, as far as port norms go: inside the network (or on its segment), or out on the internet. */
const INTERNAL: ReadonlySet<AddressClass> = new Set(['private', 'cgnat', 'loopback', 'link-local', 'multicast', 'broadcast', 'unspecified']);

/** IANA's dynamic range: Windows RPC endpoints and every client's ephemeral ports. */
export const DYNAMIC_PORTS_FROM = 49_152;

export function isInternalClass(cls: AddressClass | null): boolean {
  return cls !== null && INTERNAL.has(cls);
}

/** The standard service a destination port is for a destination of this class, or null when the port is a process's own choice. */
export function standardService(port: number, cls: AddressClass | null): string | null {
  return webPorts.get(port) ?? (isInternalClass(cls) ? (internalServicePorts.get(port) ?? null) : null);
}
