import type { Store, StoredPost } from './store.js';

/**
 * The search query subset of x-api.md §2.5: keywords (whole word, any case), "exact phrases",
 * `from:user` (`@` optional, or a numeric id), `is:retweet|reply|quote`, `-` negation, `OR`,
 * implied AND, `( )`. AND binds tighter than OR. Error texts follow X's
 * `There were errors processing your request: … (at position N)` form [wording ASSUMED].
 */
export type Matcher = (post: StoredPost) => boolean;

export class QueryError extends Error {}

type Node =
  | { kind: 'and' | 'or'; children: Node[] }
  | { kind: 'not'; child: Node }
  | { kind: 'term'; match: Matcher; standalone: boolean };

interface Token {
  text: string;
  pos: number;
  quoted?: boolean;
}

const OPERATOR_LIST = 'https://developer.twitter.com/en/docs/twitter-api/enterprise/rules-and-filtering/operators-by-product';

export function parseQuery(query: string, store: Store): Matcher {
  const tokens = tokenize(query);
  let i = 0;
  const fail = (message: string, pos: number): never => {
    throw new QueryError(`There were errors processing your request: ${message} (at position ${pos})`);
  };
  const peek = () => tokens[i];

  const parseOr = (): Node => {
    const children = [parseAnd()];
    while (peek()?.text === 'OR' && !peek()?.quoted) {
      i++;
      children.push(parseAnd());
    }
    return children.length === 1 ? (children[0] as Node) : { kind: 'or', children };
  };
  const parseAnd = (): Node => {
    const children: Node[] = [];
    for (let t = peek(); t && !(t.text === ')' && !t.quoted) && !(t.text === 'OR' && !t.quoted); t = peek()) children.push(parseUnary());
    if (children.length === 0) {
      const t = peek();
      fail(`no viable alternative at input '${t?.text ?? '<EOF>'}'`, t?.pos ?? query.length + 1);
    }
    return children.length === 1 ? (children[0] as Node) : { kind: 'and', children };
  };
  const parseUnary = (): Node => {
    const t = tokens[i++] as Token;
    if (t.text === '-' && !t.quoted) {
      const next = peek();
      if (!next || next.pos !== t.pos + 1) fail(`no viable alternative at input '-'`, t.pos);
      return { kind: 'not', child: parseUnary() };
    }
    if (t.text === '(' && !t.quoted) {
      const inner = parseOr();
      if (peek()?.text !== ')') fail(`missing ')' at '${peek()?.text ?? '<EOF>'}'`, peek()?.pos ?? query.length + 1);
      i++;
      return inner;
    }
    return term(t, store, fail);
  };

  const root = parseOr();
  if (i < tokens.length) fail(`extraneous input '${tokens[i]?.text}' expecting <EOF>`, tokens[i]?.pos ?? 1);
  if (!hasPositive(root, false)) fail('Rules must contain a non-negation term', 1);
  if (!standsAlone(root)) fail('Rules must contain at least one standalone operator or keyword, not only conjunction-required operators such as is:', 1);
  return (post) => evaluate(root, post);
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|[()]|-(?=\S)|"([^"]*)("?)|[^\s()"]+/g;
  for (const m of query.matchAll(re)) {
    if (/^\s+$/.test(m[0])) continue;
    const pos = m.index + 1;
    if (m[0].startsWith('"')) {
      if (m[2] !== '"') throw new QueryError(`There were errors processing your request: missing closing '"' (at position ${pos})`);
      tokens.push({ text: m[1] ?? '', pos, quoted: true });
    } else tokens.push({ text: m[0], pos });
  }
  return tokens;
}

function term(t: Token, store: Store, fail: (message: string, pos: number) => never): Node {
  if (t.quoted) return { kind: 'term', standalone: true, match: words(t.text) };
  const op = /^([a-z_]+):(.*)$/i.exec(t.text);
  if (!op) return { kind: 'term', standalone: true, match: words(t.text) };
  const [, name = '', value = ''] = op;
  if (name === 'from' && /^@?\w{1,20}$/.test(value)) {
    const who = value.replace(/^@/, '').toLowerCase();
    return {
      kind: 'term',
      standalone: true,
      match: (p) => p.authorId === who || store.userById(p.authorId)?.username.toLowerCase() === who,
    };
  }
  if (name === 'is' && ['retweet', 'reply', 'quote'].includes(value)) {
    const flag = value === 'retweet' ? 'isRetweet' : value === 'reply' ? 'isReply' : 'isQuote';
    return { kind: 'term', standalone: false, match: (p) => p[flag] };
  }
  const reference = name === 'from' || name === 'is' ? t.text : name;
  return fail(`Reference to invalid operator '${reference}'. Operator is not available in current product or product packaging. Please refer to complete available operator list at ${OPERATOR_LIST}.`, t.pos);
}

/** Whole-word, case-insensitive match of one word or a phrase, on the full text (note text if long). */
function words(text: string): Matcher {
  const body = text.trim().split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'iu');
  return (p) => re.test(p.note?.text ?? p.shown.text);
}

function evaluate(node: Node, post: StoredPost): boolean {
  switch (node.kind) {
    case 'and': return node.children.every((c) => evaluate(c, post));
    case 'or': return node.children.some((c) => evaluate(c, post));
    case 'not': return !evaluate(node.child, post);
    case 'term': return node.match(post);
  }
}

function hasPositive(node: Node, negated: boolean): boolean {
  if (node.kind === 'term') return !negated;
  if (node.kind === 'not') return hasPositive(node.child, !negated);
  return node.children.some((c) => hasPositive(c, negated));
}

/** Every OR branch needs a positive standalone term (keyword, phrase, from:). */
function standsAlone(node: Node): boolean {
  switch (node.kind) {
    case 'term': return node.standalone;
    case 'not': return false;
    case 'and': return node.children.some(standsAlone);
    case 'or': return node.children.every(standsAlone);
  }
}
