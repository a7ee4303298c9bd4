// The peer of the X sync benchmark, run as a child under GNU time: the same
// timeline requests Sightline's sync makes (same fields, 100 posts a page,
// since_id kept while paging with pagination_token), with a bare fetch and
// JSON.parse and nothing else: the network-and-parse floor of a sync.
//
//   node x-fetch-child.js BASE_URL TOKEN USERNAME [SINCE_ID]   → {"posts", "pages", "newestId"}
const [baseUrl, token, username, sinceId] = process.argv.slice(2);
const headers = { authorization: `Bearer ${token}` };

async function get(url) {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${res.status} from ${url}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

// Sightline resolves the account's id once, on its first sync: so does the peer.
const user = sinceId ? null : await get(`${baseUrl}/2/users/by/username/${encodeURIComponent(username)}`);
const userId = user ? user.data.id : process.env.X_USER_ID;
let posts = 0;
let pages = 0;
let newestId = null;
let next;
do {
  const q = new URLSearchParams({ 'tweet.fields': 'created_at,author_id,entities,note_tweet', expansions: 'author_id', 'user.fields': 'username', max_results: '100' });
  if (sinceId) q.set('since_id', sinceId);
  if (next) q.set('pagination_token', next);
  const page = await get(`${baseUrl}/2/users/${userId}/tweets?${q}`);
  pages++;
  posts += page.data?.length ?? 0;
  newestId ??= page.meta?.newest_id ?? null;
  next = page.meta?.next_token;
} while (next);
process.stdout.write(JSON.stringify({ posts, pages, newestId, userId }));
