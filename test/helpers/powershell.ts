/**
 * Text as Windows PowerShell 5.1 writes it: `Out-File` and `>` default to
 * "Unicode" (UTF-16LE with a BOM), `-Encoding BigEndianUnicode` gives
 * UTF-16BE with a BOM; lines end in CRLF and the last one too.
 */
export function outFile(text: string, encoding: 'Unicode' | 'BigEndianUnicode' = 'Unicode'): Buffer {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '').split(/\r?\n/);
  const le = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf16le');
  return encoding === 'Unicode' ? le : le.swap16();
}
