/**
 * A Windows file path as lineage compares it: Windows matches names without
 * regard to case, so Event 1's Image "C:\Users\a\svch0st.exe" and Event 11's
 * TargetFilename "C:\USERS\A\SVCH0ST.EXE" are one file. Folded in JavaScript
 * (not SQLite's lower(), which folds ASCII only) at import and at lookup alike.
 */
export function filePathKey(path: string): string {
  return path.toLowerCase();
}
