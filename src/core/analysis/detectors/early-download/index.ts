/**
 * A download at a program's start ('early-download'): within seconds of
 * starting, a large transfer in from one address, little sent; lifted by a
 * user-writable program folder and an address reached without a name.
 */
export { checkEarlyDownloadSettings, earlyDownloadSettings, scoreEarlyDownload, type EarlyDownloadSettings, type EarlyDownloadSummary } from './score.js';
export { queryEarlyDownloads } from './query.js';
