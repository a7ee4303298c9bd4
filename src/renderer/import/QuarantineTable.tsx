import type { ImportRecord, QuarantineRow } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { baseName, formatCount } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { RawText } from './RawText.js';

export const QUARANTINE_PAGE = 50;

interface Props {
  rows: readonly QuarantineRow[];
  total: number;
  offset: number;
  imports: readonly ImportRecord[];
  importId: number | null;
  onImportId: (id: number | null) => void;
  onOffset: (offset: number) => void;
}

/** Records imports could not read: where (file, line, field), why, and the line itself as text. */
export function QuarantineTable({ rows, total, offset, imports, importId, onImportId, onOffset }: Props) {
  const withQuarantine = imports.filter((i) => i.quarantined > 0);
  const last = Math.min(offset + rows.length, total);
  return (
    <section className="quarantine" data-testid="quarantine">
      <div className="section-head">
        <h3>Quarantined records</h3>
        <label className="field small">
          <span>File</span>
          <select value={importId ?? ''} onChange={(e) => onImportId(e.target.value ? Number(e.target.value) : null)}>
            <option value="">All files</option>
            {withQuarantine.map((i) => (
              <option key={i.id} value={i.id}>
                {revealHidden(baseName(i.file))} ({formatCount(i.quarantined)})
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <span className="muted small" data-testid="quarantine-range">
          {total === 0 ? 'none' : `${formatCount(offset + 1)}–${formatCount(last)} of ${formatCount(total)}`}
        </span>
        <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - QUARANTINE_PAGE))}>
          Previous
        </button>
        <button type="button" disabled={last >= total} onClick={() => onOffset(offset + QUARANTINE_PAGE)}>
          Next
        </button>
      </div>
      {total === 0 ? (
        <p className="muted">Every record of {importId === null ? 'the imported files' : 'this file'} was read.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table quarantine-table" data-testid="quarantine-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col" className="num">
                  Line
                </th>
                <th scope="col">Field</th>
                <th scope="col">Reason</th>
                <th scope="col">Raw text</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((q) => (
                <tr key={q.id} data-line={q.line}>
                  <td className="file-cell" title={revealHidden(q.file)}>
                    <VisibleText text={baseName(q.file)} />
                  </td>
                  <td className="num">{q.line}</td>
                  <td className="mono">{q.field ? <VisibleText text={q.field} /> : '—'}</td>
                  <td className="reason">
                    <VisibleText text={q.reason} />
                  </td>
                  <td className="raw">
                    <RawText text={q.raw} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
