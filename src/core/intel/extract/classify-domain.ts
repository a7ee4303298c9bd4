import { domainToASCII } from 'node:url';
import type { WarninglistMatcher } from '../warninglists/index.js';
import type { Verdict } from './findings.js';

const LABEL = /^[\p{L}\p{N}\p{M}_](?:[\p{L}\p{N}\p{M}_-]{0,61}[\p{L}\p{N}\p{M}_])?$/u;
const TLD = /^(?:\p{L}{2,24}|xn--[a-z0-9-]{1,59})$/u;
/** Reserved by RFC 2606 / 6761 and friends: never someone's infrastructure. */
const SPECIAL_TLDS: Record<string, string> = {
  test: 'special-use name (RFC 6761)',
  example: 'special-use name (RFC 6761)',
  invalid: 'special-use name (RFC 6761)',
  localhost: 'special-use name (RFC 6761)',
  local: 'special-use name (mDNS, RFC 6762)',
  internal: 'special-use name (private use)',
  arpa: 'infrastructure name (.arpa)',
};
const DOCUMENTATION_DOMAINS = ['example.com', 'example.net', 'example.org'];

/**
 * A dotted name as a domain (lower-case, no trailing dot, IDN kept as
 * written), why it is refused, or null when it never looked like one
 * (`e.g`, `3.14`, `OpenSSH_8.9p1`). File extensions are the caller's
 * business: they depend on where the name stands.
 */
export function classifyDomain(name: string, matcher?: WarninglistMatcher): Verdict {
  const domain = name.toLowerCase().replace(/\.$/, '');
  if (domain.length > 253) return null;
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] as string;
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TLD.test(tld) || tld.includes('_')) return null;
  const special = SPECIAL_TLDS[tld];
  if (special) return { reason: special };
  if (DOCUMENTATION_DOMAINS.some((d) => domain === d || domain.endsWith(`.${d}`))) return { reason: 'documentation domain (RFC 2606)' };
  // With the shipped lists, the TLD must be delegated: "attack.Then" and "Node.next" are sentences.
  // .onion is not in the root zone, but onion services are real C2.
  const ascii = /^[a-z]+$/.test(tld) || tld.startsWith('xn--') ? tld : domainToASCII(tld);
  if (tld !== 'onion' && matcher?.isKnownTld?.(ascii) === false) return { reason: `unknown TLD ".${tld}"` };
  return { value: domain };
}
