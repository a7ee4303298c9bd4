/**
 * The arguments of a Windows command line after the program, split as
 * CommandLineToArgvW does for the cases that matter here: double quotes
 * group, `\"` is a literal quote. The program itself ends at its closing
 * quote, or at the first space when unquoted (as Windows reads it).
 */
export function argumentsOf(commandLine: string): string[] {
  const text = commandLine.replace(/^\s+/, '');
  let i: number;
  if (text.startsWith('"')) {
    const close = text.indexOf('"', 1);
    i = close === -1 ? text.length : close + 1;
  } else {
    const space = text.search(/\s/);
    i = space === -1 ? text.length : space;
  }
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '"') {
      current += '"';
      started = true;
      i++;
    } else if (c === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if (/\s/.test(c) && !inQuotes) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

/** The file rundll32 or regsvr32 is asked to load: the first argument that is not a switch, without rundll32's `,entry`. */
export function loadedModule(args: readonly string[]): string | null {
  const first = args.find((a) => !a.startsWith('/') && !a.startsWith('-'));
  if (first === undefined) return null;
  const comma = first.indexOf(',');
  const module = (comma === -1 ? first : first.slice(0, comma)).trim();
  return module === '' ? null : module;
}
