import { parseWindowsPath } from '../process/windows-path.js';
import { shownName, shownText } from '../process/shown.js';
import { processSettings } from '../process/settings.js';

/**
 * How explanations name what came from a file: a process by its file name,
 * a destination or signature as written, each cut when long and with hidden
 * characters shown as ⟨U+XXXX⟩ (a right-to-left override in a name cannot
 * reorder the sentence around it).
 */

/** "WINWORD.EXE" for any image path; "no process" for '' (a sensor flow). */
export function shownImage(image: string): string {
  if (image === '') return 'no process';
  const name = parseWindowsPath(image)?.name ?? image.split(/[\\/]/).pop() ?? image;
  return shownName(name === '' ? image : name, processSettings);
}

/** A host, address, domain or signature from a file, for a sentence. */
export function shownValue(text: string, maxChars = processSettings.shownNameChars): string {
  return shownText(text, maxChars);
}
