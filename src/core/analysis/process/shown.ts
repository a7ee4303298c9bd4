import { shortText } from '../../../shared/cut-text.js';
import { revealHidden } from '../../../shared/visible-text.js';
import type { ProcessSettings } from './settings.js';
import type { WindowsPath } from './windows-path.js';

/**
 * Names and folders from logs as explanations quote them: cut when long (an
 * image path may be 32,767 characters) and with every hidden character
 * shown as ⟨U+XXXX⟩, so a right-to-left override in a file name cannot
 * reorder the sentence around it.
 */
export function shownText(text: string, maxChars: number): string {
  return revealHidden(shortText(text, maxChars));
}

/** A file name; quoted when it starts or ends with a space, which would otherwise not show. */
export function shownName(name: string, settings: Pick<ProcessSettings, 'shownNameChars'>): string {
  const shown = shownText(name, settings.shownNameChars);
  return /^\s|\s$/.test(name) ? `'${shown}'` : shown;
}

/** The folder of a path, long runs elided (`C:\Users\bob\…\Temp`). */
export function whereShown(path: WindowsPath, settings: Pick<ProcessSettings, 'shownNameChars'>): string {
  return shownText(path.folderShown, settings.shownNameChars * 2);
}
