import { useState, type FormEvent } from 'react';
import type { Client } from '../../shared/client.js';
import { describeFileError } from '../../shared/error-payload.js';
import type { IntelFileResult, IntelSource, IntelStats, SyncOutcomeData } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import type { Connection } from '../connect.js';
import { errorMessage } from '../error-message.js';
import { formatCount, formatDuration, formatTime } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { ExportPanel } from './ExportPanel.js';
import { secondsUntil, useNow } from './use-now.js';

interface Props {
  connection: Connection;
  sources: IntelSource[];
  stats: IntelStats | null;
  selectedSource: string;
  onSelectSource: (name: string) => void;
  onChanged: () => void;
}

interface SyncState {
  running: boolean;
  line: string;
  waitingUntil: string | null;
  outcomes: SyncOutcomeData[];
}

const ERROR_STATES = new Set(['unauthorized', 'no-credits', 'forbidden', 'usage-capped', 'not-found', 'unavailable', 'offline', 'no-token']);

/** Intel sources: their state and what to do about it, sync with progress, the X token, new accounts, file imports. */
export function SourcesPanel({ connection, sources, stats, selectedSource, onSelectSource, onChanged }: Props) {
  const client: Client = connection.client;
  const [sync, setSync] = useState<SyncState>({ running: false, line: '', waitingUntil: null, outcomes: [] });
  const [abort, setAbort] = useState<AbortController | null>(null);
  const [token, setToken] = useState('');
  const [tokenNote, setTokenNote] = useState<string | null>(null);
  const [account, setAccount] = useState('');
  const [accountKind, setAccountKind] = useState<'x-account' | 'mastodon' | 'bluesky'>('x-account');
  const [error, setError] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [results, setResults] = useState<IntelFileResult[]>([]);
  const now = useNow(sync.waitingUntil !== null || sources.some((s) => s.nextAllowedAt !== null));

  const runSync = async () => {
    const controller = new AbortController();
    setAbort(controller);
    setSync({ running: true, line: 'Starting…', waitingUntil: null, outcomes: [] });
    try {
      const r = await client.intelSync({}, {
        signal: controller.signal,
        onProgress: (p) =>
          setSync((s) => ({
            ...s,
            line:
              p.waitingSeconds !== undefined
                ? `Waiting for another intel import or sync (another window or command) to finish · ${formatDuration(p.waitingSeconds)}`
                : `${p.source}: ${formatCount(p.posts)} posts, ${formatCount(p.newSightings)} new sightings`,
            waitingUntil: p.waitingUntil ?? null,
          })),
      });
      setSync({ running: false, line: '', waitingUntil: null, outcomes: r.sources });
    } catch (err) {
      setSync({ running: false, line: '', waitingUntil: null, outcomes: [] });
      setError(errorMessage(err));
    } finally {
      setAbort(null);
      onChanged();
    }
  };

  const saveToken = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await client.intelSetXToken({ token: token.trim() || null });
      setTokenNote(r.stored ? `Token saved (${r.where}).` : `Token removed (${r.where}).`);
      setToken('');
    } catch (err) {
      setTokenNote(errorMessage(err));
    }
  };

  const addAccount = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const value = account.trim();
      await client.intelAddSource(
        accountKind === 'x-account' ? { kind: 'x-account', username: value } : accountKind === 'mastodon' ? { kind: 'mastodon', account: value } : { kind: 'bluesky', handle: value },
      );
      setAccount('');
      setError(null);
      onChanged();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const importFiles = async (files: File[]) => {
    setImporting(true);
    try {
      const list = [];
      for (const f of files) list.push({ fileId: (await connection.toSource(f)).fileId });
      setResults((await client.intelImport({ sources: list })).files);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setImporting(false);
      onChanged();
    }
  };

  return (
    <aside className="sources" data-testid="intel-sources">
      <h2>Sources</h2>
      {stats && (
        <p className="muted small" data-testid="intel-stats">
          {formatCount(stats.indicators)} indicators · {formatCount(stats.active)} active · {formatCount(stats.sightings)} sightings
        </p>
      )}
      <div className="sync-row">
        <button type="button" className="primary-button" disabled={sync.running} onClick={() => void runSync()}>
          {sync.running ? 'Syncing…' : 'Sync now'}
        </button>
        {sync.running && (
          <button type="button" onClick={() => abort?.abort()}>
            Cancel
          </button>
        )}
      </div>
      {sync.running && (
        <p className="small" data-testid="sync-progress">
          {sync.line}
          {sync.waitingUntil && ` · rate limited, resuming in ${secondsUntil(sync.waitingUntil, now)} s`}
        </p>
      )}
      {sync.outcomes.length > 0 && (
        <ul className="import-results small" data-testid="sync-results">
          {groupOutcomes(sync.outcomes).map((g) => (
            <li key={g.key} className={ERROR_STATES.has(g.state) ? 'result-failed' : ''} data-state={g.state}>
              <VisibleText text={g.sources.length === 1 ? (g.sources[0] ?? '') : `${g.sources.length} sources`} />: {g.state}
              {g.posts > 0 ? `, ${formatCount(g.posts)} posts` : ''}
              {g.detail && (
                <>
                  {' — '}
                  <VisibleText text={g.detail} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <p className="error small">{error}</p>}
      <label className={`button primary${importing ? ' disabled' : ''}`}>
        {importing ? 'Importing…' : 'Import intel files…'}
        <input
          type="file"
          multiple
          hidden
          data-testid="intel-import-input"
          disabled={importing}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void importFiles(files);
          }}
        />
      </label>
      {results.length > 0 && (
        <ul className="import-results small" data-testid="intel-import-results">
          {results.map((r, i) => (
            <li key={`${r.file}-${i}`} className={`result-${r.status}`} data-status={r.status}>
              {r.status === 'imported' ? (
                <>
                  <VisibleText text={r.file} />: {r.records} records ({r.newIndicators} new)
                  {r.nonPublic > 0 && (
                    <span className="warning" title={r.nonPublicLines.map((w) => revealHidden(w.line !== undefined ? `line ${w.line}: ${w.reason}` : w.reason)).join('\n')}>
                      ; {r.nonPublic} not on the public Internet, left out
                    </span>
                  )}
                </>
              ) : (
                describeFileError(r)
              )}
            </li>
          ))}
        </ul>
      )}
      <ExportPanel connection={connection} />
      <form className="stack small" onSubmit={(e) => void addAccount(e)}>
        <label htmlFor="add-account">Follow an account</label>
        <div className="inline">
          <select aria-label="Network" value={accountKind} onChange={(e) => setAccountKind(e.target.value as typeof accountKind)}>
            <option value="x-account">X</option>
            <option value="mastodon">Mastodon</option>
            <option value="bluesky">Bluesky</option>
          </select>
          <input
            id="add-account"
            placeholder={accountKind === 'x-account' ? 'username' : accountKind === 'mastodon' ? 'user@instance.social' : 'name.bsky.social'}
            value={account}
            onChange={(e) => setAccount(e.target.value)}
            maxLength={300}
          />
          <button type="submit" disabled={!account.trim()}>
            Add
          </button>
        </div>
      </form>
      <form className="stack small" onSubmit={(e) => void saveToken(e)}>
        <label htmlFor="x-token">X API bearer token</label>
        <div className="inline">
          <input id="x-token" type="password" autoComplete="off" placeholder="paste to set, empty to clear" value={token} onChange={(e) => setToken(e.target.value)} />
          <button type="submit">Save</button>
        </div>
        {tokenNote && <span className="muted">{tokenNote}</span>}
        <span className="muted">
          Syncing from X needs API access with credits (the free tier cannot read timelines). Without it, import saved files or an X archive.
        </span>
      </form>
      <ul className="source-list">
        {sources.map((s) => (
          <li key={s.id} className={selectedSource === s.name ? 'active' : ''} data-source={s.name}>
            <button type="button" onClick={() => onSelectSource(selectedSource === s.name ? '' : s.name)}>
              <span className="source-name">
                <VisibleText text={s.name} />
              </span>
              <span className="muted small">
                {s.kind} · {formatCount(s.indicators)} indicators · trust {s.trust}
                {s.lastSyncAt ? ` · synced ${formatTime(s.lastSyncAt)}` : ''}
              </span>
              <span className={`state state-${ERROR_STATES.has(s.state) ? 'error' : s.state}`} title={s.stateDetail ? revealHidden(s.stateDetail) : undefined}>
                {s.state}
                {s.nextAllowedAt && Date.parse(s.nextAllowedAt) > now ? ` · next call in ${secondsUntil(s.nextAllowedAt, now)} s` : ''}
              </span>
            </button>
            {s.kind !== 'list' && s.kind !== 'feed' && s.kind !== 'bundle' && (
              <label className="check small">
                <input
                  type="checkbox"
                  checked={s.enabled}
                  onChange={(e) => void client.intelSetSource({ name: s.name, enabled: e.target.checked }).then(onChanged)}
                />
                sync
              </label>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}

/** Sync outcomes grouped by state and message: fifteen "no token" lines say one thing. */
function groupOutcomes(outcomes: SyncOutcomeData[]): { key: string; state: string; detail: string | null; sources: string[]; posts: number }[] {
  const groups = new Map<string, { key: string; state: string; detail: string | null; sources: string[]; posts: number }>();
  for (const o of outcomes) {
    // Successful runs differ in their counts only: one line per source keeps them apart.
    const key = o.state === 'ok' ? `ok:${o.source}` : `${o.state}:${o.detail ?? ''}`;
    const g = groups.get(key) ?? { key, state: o.state, detail: o.state === 'ok' ? null : o.detail, sources: [], posts: 0 };
    g.sources.push(o.source);
    g.posts += o.posts;
    groups.set(key, g);
  }
  return [...groups.values()];
}
