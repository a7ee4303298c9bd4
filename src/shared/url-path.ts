/** A URL path decoded, or null when its percent-encoding is malformed (`/%E0%A4%A`): the hosts answer 400, not an exception. */
export function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
