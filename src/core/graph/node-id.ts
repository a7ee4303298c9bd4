/**
 * Graph node ids are readable strings so a CLI user can pass them back:
 * `host:MKT01`, `process:MKT01|C:\Windows\explorer.exe`, `ip:10.0.5.13`.
 * `|` cannot occur in a Windows path or a host name, so it separates safely.
 */
export type NodeRef =
  | { kind: 'host'; host: string }
  | { kind: 'process'; host: string; image: string }
  | { kind: 'destination'; ip: string };

export function hostId(host: string): string {
  return `host:${host}`;
}

export function processId(host: string, image: string): string {
  return `process:${host}|${image}`;
}

export function destinationId(ip: string): string {
  return `ip:${ip}`;
}

export function parseNodeId(id: string): NodeRef | null {
  if (id.startsWith('host:')) return { kind: 'host', host: id.slice(5) };
  if (id.startsWith('ip:')) return { kind: 'destination', ip: id.slice(3) };
  if (id.startsWith('process:')) {
    const rest = id.slice(8);
    const bar = rest.indexOf('|');
    if (bar <= 0) return null;
    return { kind: 'process', host: rest.slice(0, bar), image: rest.slice(bar + 1) };
  }
  return null;
}
