/**
 * Puts the exact value on the clipboard (hidden characters and all: the
 * analyst decodes or searches the real thing). The browser host runs on
 * 127.0.0.1 and the desktop app on a secure scheme, so the asynchronous
 * Clipboard API is there; it refuses when the page has no focus.
 */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText) throw new Error('this window offers no clipboard');
  await navigator.clipboard.writeText(text);
}
