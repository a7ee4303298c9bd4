import { describeFileError } from '../../shared/error-payload.js';
import type { FileImportResult, JoinSummary } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { baseName, formatCount } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { CountHeaders } from './CountHeaders.js';
import { formatLabel } from './format-labels.js';
import { describeClockSkew } from './import-plan.js';
import type { ImportRun } from './use-import-run.js';

const STATUS_LABEL: Record<FileImportResult['status'], string> = {
  imported: 'Imported',
  duplicate: 'Already in the case',
  failed: 'Failed',
  cancelled: 'Not imported',
};

/** What an import did, file by file, then how endpoint events and flows paired up. */
export function ImportSummary({ run, onShowQuarantine }: { run: ImportRun; onShowQuarantine: () => void }) {
  const results = run.files.flatMap((f) => (f.result ? [f.result] : []));
  const quarantined = results.reduce((n, r) => n + r.quarantined, 0);
  return (
    <section className="import-summary" data-testid="import-summary">
      {run.cancelled && (
        <p className="warning" role="status">
          Cancelled. Nothing of this import was kept: the file in progress was rolled back, files finished before the cancel were removed again, and the files not started were left out.
        </p>
      )}
      <table className="data-table results-table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Format</th>
            <CountHeaders />
          </tr>
        </thead>
        <tbody>
          {results.map((r, i) => (
            <ResultRows key={`${r.file}-${i}`} result={r} />
          ))}
        </tbody>
      </table>
      {quarantined > 0 && (
        <p className="small">
          {formatCount(quarantined)} {quarantined === 1 ? 'record' : 'records'} could not be read and {quarantined === 1 ? 'was' : 'were'} set aside; the rest of{' '}
          {quarantined === 1 ? 'its file' : 'their files'} was imported.{' '}
          <button type="button" className="link" onClick={onShowQuarantine}>
            Show quarantined records
          </button>
        </p>
      )}
      {run.join && <JoinSummaryView join={run.join} />}
    </section>
  );
}

function ResultRows({ result: r }: { result: FileImportResult }) {
  const ok = r.status === 'imported';
  const dash = (n: number) => (ok ? formatCount(n) : '—');
  return (
    <>
      <tr className={`result-${r.status}`} data-status={r.status} data-file={baseName(r.file)}>
        <td className="file-cell" title={revealHidden(r.file)}>
          <VisibleText text={baseName(r.file)} />
        </td>
        <td>
          <span className={`badge status-${r.status}`}>{STATUS_LABEL[r.status]}</span>
        </td>
        <td>{r.format ? formatLabel(r.format) : '—'}</td>
        <td className="num">{dash(r.events)}</td>
        <td className="num">{dash(r.processes)}</td>
        <td className="num">{dash(r.dns)}</td>
        <td className="num">{dash(r.alerts)}</td>
        <td className="num">{dash(r.ignored)}</td>
        <td className={`num${r.quarantined > 0 ? ' attention' : ''}`}>{dash(r.quarantined)}</td>
      </tr>
      {(r.status === 'failed' || r.status === 'cancelled') && (
        <tr className="result-error">
          <td colSpan={9} className={r.status === 'failed' ? 'error-text' : 'muted'}>
            {describeFileError({ ...r, file: baseName(r.file) })}
          </td>
        </tr>
      )}
      {r.status === 'imported' &&
        r.warnings?.map((w) => (
          <tr key={w} className="result-warning" data-testid="import-warning">
            <td colSpan={9} className="warning">
              {w}
            </td>
          </tr>
        ))}
      {r.status === 'duplicate' && (
        <tr className="result-error">
          <td colSpan={9} className="muted">
            The same bytes were imported into this case before: nothing was added.
          </td>
        </tr>
      )}
    </>
  );
}

/** Endpoint events (a process made the connection) and sensor flows (Zeek, NetFlow…) of the same connection, paired. */
export function JoinSummaryView({ join }: { join: JoinSummary }) {
  const nothingToJoin = join.endpointEvents === 0 || join.flowEvents === 0;
  return (
    <section className="join-summary" data-testid="join-summary" aria-label="Join of endpoint events and flows">
      <h3>Endpoint events ⇄ network flows</h3>
      {nothingToJoin ? (
        <p className="muted small">
          Nothing to pair yet: the case has {formatCount(join.endpointEvents)} endpoint events (Sysmon) and {formatCount(join.flowEvents)} sensor flows. Import both sides of the
          same hosts to see which process made each flow.
        </p>
      ) : (
        <dl className="join-counts">
          <div>
            <dt>Endpoint events</dt>
            <dd>
              {formatCount(join.endpointMatched)} matched · {formatCount(join.endpointEvents - join.endpointMatched)} unmatched
            </dd>
          </div>
          <div>
            <dt>Flows</dt>
            <dd>
              {formatCount(join.flowMatched)} matched · {formatCount(join.flowEvents - join.flowMatched)} unmatched
            </dd>
          </div>
          <div>
            <dt>This import</dt>
            <dd>{formatCount(join.newlyMatched)} new pairs</dd>
          </div>
          <div>
            <dt>Tolerance</dt>
            <dd>± {formatCount(join.toleranceSeconds)} s</dd>
          </div>
        </dl>
      )}
      {join.clockSkews.map((s) => (
        <p key={s.file} className="skew" data-testid="clock-skew">
          <strong>Clock skew:</strong> <VisibleText text={describeClockSkew(s)} />.
        </p>
      ))}
      {join.namedHosts.map((n) => (
        <p key={n.ip} className="named-host" data-testid="named-host">
          <strong>{n.ip}</strong> is{' '}
          <strong>
            <VisibleText text={n.host} />
          </strong>{' '}
          (its outbound connections come from it): its flows are shown under that name.
        </p>
      ))}
    </section>
  );
}
