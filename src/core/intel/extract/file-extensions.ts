/**
 * File names look like domains (`payload.exe`, `dark.x86`, `index.php`).
 * The rule, tested against IANA's list in test/unit/intel-extract.test.ts:
 *
 * - An extension in `fileExtensions` is never a TLD, so a name ending in
 *   one is a file name wherever it appears.
 * - An extension in `ambiguousExtensions` is also a delegated TLD (`.zip`,
 *   `.mov`, `.sh`, `.py`...), so the name is a file only when the context
 *   says so (see looksLikeFileName): after a path separator (`/bins/x.sh`,
 *   `./x.sh`), after a command that takes a file (`sh x.sh`,
 *   `chmod +x x.sh`), or when its first label has an underscore, which
 *   hostnames do not (`my_tool.py`). Bare `x.sh` stays a domain: Saint Helena's.
 */
export const fileExtensions: ReadonlySet<string> = new Set([
  // Windows executables and scripts
  'exe', 'dll', 'scr', 'sys', 'drv', 'ocx', 'cpl', 'msi', 'msp', 'lnk', 'hta', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh',
  'ps1', 'psm1', 'bat', 'cmd', 'pif', 'chm', 'inf', 'reg', 'iso', 'img', 'vhd', 'vhdx', 'xll', 'iqy', 'slk', 'sct',
  // Mirai-style architecture suffixes: dark.x86, dark.arm7, dark.mpsl
  'x86', 'x64', 'x86_64', 'arm', 'arm4', 'arm5', 'arm6', 'arm7', 'aarch64', 'mips', 'mpsl', 'mipsel', 'ppc', 'spc',
  'sparc', 'sh4', 'm68k', 'i486', 'i586', 'i686', 'arc',
  // Unix, code and archives
  'elf', 'bin', 'out', 'ko', 'dylib', 'jar', 'class', 'apk', 'dex', 'ipa', 'deb', 'rpm', 'dmg', 'pkg', 'php', 'asp',
  'aspx', 'jsp', 'cgi', 'rb', 'lua', 'go', 'c', 'h', 'cpp', 'hpp', 'cs', 'ts', 'mjs', 'cjs', 'jsx', 'tsx', 'wasm', 'pyc',
  'gz', 'tgz', 'bz2', 'xz', 'zst', 'rar', 'tar', '7z', 'arj', 'lzh', 'ace', 'war', 'git',
  // Documents, data and media
  'htm', 'html', 'css', 'svg', 'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'pdf', 'doc', 'docx', 'docm', 'xls',
  'xlsx', 'xlsm', 'ppt', 'pptx', 'rtf', 'odt', 'txt', 'log', 'cfg', 'conf', 'ini', 'json', 'xml', 'yml', 'yaml', 'csv',
  'tsv', 'dat', 'tmp', 'bak', 'sql', 'db', 'sqlite', 'eml', 'msg', 'pem', 'crt', 'cer', 'der', 'key', 'pfx', 'p12',
  'mp3', 'mp4', 'wav', 'avi', 'mkv', 'swf', 'torrent', 'dmp', 'pdb',
]);

export const ambiguousExtensions: ReadonlySet<string> = new Set([
  'zip', 'mov', 'sh', 'py', 'pl', 'pm', 'so', 'md', 'ps', 'ai', 'cab', 'app', 'run', 'one', 'rs', 'cc', 'java', 'map', 'la',
  'mo', 'bz',
]);

/** Commands and words after which a name is a file: `sh x.sh`, `chmod +x x.sh`, `file: invoice.zip`. */
const FILE_WORDS = new Set([
  'sh', 'bash', 'zsh', 'ash', 'busybox', 'chmod', 'rm', 'cat', 'cp', 'mv', 'nohup', 'source', 'exec', 'python', 'python3',
  'perl', 'ruby', 'php', 'node', 'unzip', 'tar', 'open', 'file', 'filename', 'attachment', 'sample', 'script', 'dropped',
  'drops', 'downloads', 'executes', 'runs', '-o',
]);

/**
 * Whether a name ending in an ambiguous extension is a file here. `prev`
 * is the character before the name, `words` the words before it.
 */
export function looksLikeFileName(labels: readonly string[], prev: string | undefined, words: readonly string[]): boolean {
  if (prev === '/' || prev === '\\') return true;
  if (labels.length === 2 && labels[0]?.includes('_')) return true;
  return words.some((w) => FILE_WORDS.has(w));
}
