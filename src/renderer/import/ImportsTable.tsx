import { useState } from 'react';
import type { ImportRecord } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { baseName, formatBytes, formatCount, formatTime } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { CountHeaders } from './CountHeaders.js';
import { formatLabel } from './format-labels.js';

interface Props {
  imports: readonly ImportRecord[];
  selectedId: number | null;
  onQuarantineOf: (importId: number | null) => void;
  onRemove: (importId: number) => void;
}

/**
 * The files in the case, with what each brought in; a file's quarantined
 * count shows its unread records. Remove asks once more, in the row, before
 * taking the file's records out of the case.
 */
export function ImportsTable({ imports, selectedId, onQuarantineOf, onRemove }: Props) {
  const [confirming, setConfirming] = useState<number | null>(null);
  if (imports.length === 0) return <p className="muted">Nothing has been imported into this case yet.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="imports-table">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Format</th>
            <th scope="col">Imported (UTC)</th>
            <th scope="col" className="num">
              Size
            </th>
            <CountHeaders />
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {imports.map((r) => (
            <tr key={r.id} data-file={baseName(r.file)} className={selectedId === r.id ? 'selected' : ''}>
              <td className="file-cell" title={`${revealHidden(r.file)}\nSHA-256 ${r.sha256}`}>
                <VisibleText text={baseName(r.file)} />
              </td>
              <td>{formatLabel(r.format)}</td>
              <td className="nowrap">{formatTime(r.importedAt)}</td>
              <td className="num">{formatBytes(r.bytes)}</td>
              <td className="num">{formatCount(r.events)}</td>
              <td className="num">{formatCount(r.processes)}</td>
              <td className="num">{formatCount(r.dns)}</td>
              <td className="num">{formatCount(r.alerts)}</td>
              <td className="num">{formatCount(r.ignored)}</td>
              <td className="num">
                {r.quarantined > 0 ? (
                  <button
                    type="button"
                    className="link attention"
                    aria-pressed={selectedId === r.id}
                    aria-label={`${r.quarantined} quarantined records of ${revealHidden(baseName(r.file))}: show only these`}
                    onClick={() => onQuarantineOf(selectedId === r.id ? null : r.id)}
                  >
                    {formatCount(r.quarantined)}
                  </button>
                ) : (
                  '0'
                )}
              </td>
              <td className="nowrap">
                {confirming === r.id ? (
                  <span className="confirm-remove" role="group" aria-label={`Remove ${revealHidden(baseName(r.file))}?`}>
                    Remove its {formatCount(r.events)} connections?{' '}
                    <button type="button" className="danger-button" onClick={() => (setConfirming(null), onRemove(r.id))}>
                      Remove
                    </button>{' '}
                    <button type="button" onClick={() => setConfirming(null)} autoFocus>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button type="button" className="link" aria-label={`Remove ${revealHidden(baseName(r.file))} from the case`} onClick={() => setConfirming(r.id)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
