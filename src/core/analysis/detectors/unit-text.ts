import { parseWindowsPath } from '../process/windows-path.js';
import { shownName, shownText } from '../process/shown.js';
import { processSettings } from '../process/settings.js';

/**
 * How explanations name what came from a file (and how detectors compare
 * programs: by file name, processName): a process by its file name,
 * a destination or signature as written, each cut when long and with hidden
 * characters shown as ⟨U+XXXX⟩ (a right-to-left override in a name cannot
 * reorder the sentence around it).
 */

/** An image's file name as written ("WINWORD.EXE"), the path itself when it has none; '' for no process. */
function fileName(image: string): string {
  if (image === '') return '';
  const name = parseWindowsPath(image)?.name ?? image.split(/[\\/]/).pop() ?? image;
  return name === '' ? image : name;
}

/**
 * A program as the detectors compare it: its file name, lower-case, so that
 * C:\Users\a\…\OneDrive.exe and C:\Users\b\…\OneDrive.exe are one program.
 */
export function processName(image: string): string {
  return fileName(image).toLowerCase();
}

/** "WINWORD.EXE" for any image path; "no process" for '' (a sensor flow). */
export function shownImage(image: string): string {
  return image === '' ? 'no process' : shownName(fileName(image), processSettings);
}

/** A host, address, domain or signature from a file, for a sentence. */
export function shownValue(text: string, maxChars = processSettings.shownNameChars): string {
  return shownText(text, maxChars);
}
