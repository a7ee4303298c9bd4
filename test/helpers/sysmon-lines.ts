/**
 * Sysmon events as flat JSON lines in the OTRF shape (test/fixtures/sysmon/
 * wevtutil-eid1-3-22.json), for cases a test plants: process creations with
 * their parents' GUIDs, file creations, connections.
 */
export interface SysmonLines {
  start(utc: string, guid: string, image: string, parentGuid: string, parentImage: string, more?: Record<string, string>): string;
  write(utc: string, guid: string, image: string, target: string): string;
  connect(utc: string, guid: string | null, image: string, dst?: { ip: string; port: number }): string;
}

/** Lines of one host on one day ("2026-11-18"); times are "HH:MM:SS.mmm" UTC. */
export function sysmonLines(host: string, day: string): SysmonLines {
  const event = (id: number, utc: string, fields: Record<string, string>) =>
    JSON.stringify({ SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: host, EventID: id, UtcTime: `${day} ${utc}`, ...fields });
  return {
    start: (utc, guid, image, parentGuid, parentImage, more = {}) =>
      event(1, utc, {
        ProcessGuid: guid, ProcessId: '100', Image: image, CommandLine: `"${image}"`, User: `${host}\\ann`, IntegrityLevel: 'Medium',
        ParentProcessGuid: parentGuid, ParentImage: parentImage, ...more,
      }),
    write: (utc, guid, image, target) =>
      event(11, utc, { ProcessGuid: guid, ProcessId: '200', Image: image, TargetFilename: target, CreationUtcTime: `${day} ${utc}`, User: `${host}\\ann` }),
    connect: (utc, guid, image, dst = { ip: '94.131.106.42', port: 443 }) =>
      event(3, utc, {
        ...(guid ? { ProcessGuid: guid } : {}),
        ProcessId: '300', Image: image, Protocol: 'tcp', Initiated: 'true', SourceIp: '10.20.1.16', SourcePort: '50000',
        DestinationIp: dst.ip, DestinationPort: String(dst.port),
      }),
  };
}
