import type { WarninglistMatcher } from '../warninglists/index.js';
import { classifyDomain } from './classify-domain.js';
import { ambiguousExtensions, fileExtensions, looksLikeFileName } from './file-extensions.js';
import { shorten, type Findings } from './findings.js';
import { previousWords } from './text-context.js';

/** Maximal runs of label characters and dots; most are plain words and leave at the first test. */
const NAME_RUN = /[\p{L}\p{N}\p{M}_-]+(?:\.[\p{L}\p{N}\p{M}_-]+)*/gu;

/**
 * Domains in text where URLs were blanked out (their hosts are reported
 * by the URL scanner, their paths are full of file names). An e-mail
 * address yields its domain.
 */
export function scanDomains(text: string, out: Findings, matcher?: WarninglistMatcher): void {
  for (const m of text.matchAll(NAME_RUN)) {
    if (!m[0].includes('.')) continue;
    // "--evil.com" in a list, "evil.com-" before a dash: the dashes are punctuation.
    const lead = m[0].length - m[0].replace(/^[-_]+/, '').length;
    const name = m[0].slice(lead).replace(/-+$/, '');
    const at = m.index + lead;
    const labels = name.toLowerCase().split('.');
    const ext = labels[labels.length - 1] as string;
    if (/^\d+$/.test(ext)) continue; // addresses and version numbers are the IPv4 scanner's
    const prev = text[at - 1];
    if (fileExtensions.has(ext) || (ambiguousExtensions.has(ext) && looksLikeFileName(labels, prev, previousWords(text, at, 2)))) {
      out.rejected.push({ at, value: shorten(name), reason: `file name (.${ext} is a file extension here, not a TLD)` });
      continue;
    }
    const verdict = classifyDomain(name, matcher);
    if (!verdict) continue;
    if ('reason' in verdict) out.rejected.push({ at, value: shorten(name.toLowerCase()), reason: verdict.reason });
    else out.found.push({ at, indicator: { type: 'domain', value: verdict.value } });
  }
}
