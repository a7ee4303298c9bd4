import { storableIso } from '../../bounds.js';
import { MalformedRecordError } from '../../errors/index.js';
import type { IndicatorType } from '../indicator-types.js';
import { normaliseIndicator } from '../normalise-indicator.js';
import { labelsFrom, type FeedRecord } from './feed-record.js';
import { splitCsv } from './plain-list.js';

/** TweetFeed's CSV (no header): date,user,type,value,tags,tweet_url. Each row is an IoC someone posted on X. */
export const TWEETFEED_ROW = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},[^,]*,(ip|domain|url|md5|sha1|sha256),/;

const TYPES: Record<string, IndicatorType[]> = {
  ip: ['ipv4', 'ipv6'],
  domain: ['domain'],
  url: ['url'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
};

export function parseTweetFeedLine(line: string, lineNo: number): FeedRecord | null {
  if (line.trim() === '') return null;
  // Proper CSV (a URL value may be quoted, with commas and doubled quotes inside).
  const parts = splitCsv(line);
  if (parts.length < 6) throw new MalformedRecordError(`expected 6 comma-separated fields (date,user,type,value,tags,tweet_url), found ${parts.length}`, { line: lineNo });
  const [date, user, kind] = parts as [string, string, string];
  const tweetUrl = parts[parts.length - 1] as string;
  const tags = parts[parts.length - 2] as string;
  // Unquoted values with commas spread over several cells: everything between type and tags is the value.
  const rawValue = parts.slice(3, parts.length - 2).join(',');
  const candidates = TYPES[kind];
  if (!candidates) throw new MalformedRecordError(`unknown indicator type "${kind}"`, { line: lineNo, field: 'type' });
  for (const type of candidates) {
    const value = normaliseIndicator(type, rawValue);
    if (value) {
      const seenAt = storableIso(Date.parse(`${date.replace(' ', 'T')}Z`));
      if (seenAt === null) throw new MalformedRecordError(`"${date}" is not a date from 1970-01-01 up to 2100-01-01`, { line: lineNo, field: 'date' });
      const status = /\/status\/(\d+)/.exec(tweetUrl)?.[1];
      return {
        indicator: { type, value },
        source: 'tweetfeed',
        ref: status ? `x:${status}` : `tweetfeed:${lineNo}`,
        seenAt,
        postUrl: /^https:\/\//.test(tweetUrl) ? tweetUrl : null,
        author: user || null,
        text: null,
        labels: labelsFrom(tags.split(/\s+/)),
      };
    }
  }
  throw new MalformedRecordError(`"${rawValue}" is not a valid ${kind}`, { line: lineNo, field: 'value' });
}
