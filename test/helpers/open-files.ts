import fs from 'node:fs';

/** The descriptors this process holds on `file` (Linux: /proc/self/fd; elsewhere none can be told). */
export function openDescriptorsOn(file: string): string[] {
  if (!fs.existsSync('/proc/self/fd')) return [];
  return fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      return target === file ? [target] : [];
    } catch {
      return []; // closed meanwhile (the directory listing's own descriptor)
    }
  });
}
