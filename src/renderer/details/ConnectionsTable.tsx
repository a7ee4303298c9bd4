import { useState } from 'react';
import { shortText } from '../../shared/cut-text.js';
import type { ConnectionRow } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { baseName, formatBytes, formatCount, formatTime } from '../format.js';
import { formatLabel } from '../import/format-labels.js';
import { VisibleText } from '../text/VisibleText.js';

/** Process images and protocol names in the table: the full path is the Image fact. */
const CELL_CHARS = 120;
/** Rows shown before "Show more": the panel stays short. */
const FIRST_ROWS = 10;

/** File names in the Source column, cut (the whole name is its tooltip): the column stays narrow. */
const FILE_CHARS = 24;

/**
 * The node's latest connections, each with the file and line it came from (and the record it was joined with).
 * Columns of fixed shares: an address, a port or a file name wraps whole, between words, never inside.
 */
export function ConnectionsTable({ connections, total, showProcess = true }: { connections: ConnectionRow[]; total: number; showProcess?: boolean }) {
  const [all, setAll] = useState(false);
  const rows = all ? connections : connections.slice(0, FIRST_ROWS);
  return (
    <section data-testid="latest-connections">
      <h3>
        Latest connections
        {total > rows.length && (
          <span className="muted">
            {' '}
            ({rows.length} of {formatCount(total)})
          </span>
        )}
      </h3>
      <table className="connections">
        <colgroup>
          <col className="col-time" />
          <col className="col-connection" />
          <col className="col-bytes" />
          <col className="col-source" />
        </colgroup>
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Connection</th>
            <th>Bytes out / in</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, i) => (
            <tr key={`${c.file}:${c.line}:${i}`}>
              <td>{formatTime(c.time)}</td>
              <td>
                <span className="mono">
                  <span className="endpoint">
                    {c.source}
                    {c.sourcePort !== null ? `:${c.sourcePort}` : ''}
                  </span>{' '}
                  →{' '}
                  <span className="endpoint">
                    {c.destination}
                    {c.destinationPort !== null ? `:${c.destinationPort}` : ''}
                  </span>
                </span>
                {c.protocol && (
                  <span className="muted">
                    {' '}
                    <VisibleText text={shortText(c.protocol, CELL_CHARS)} />
                  </span>
                )}
                {showProcess && c.process && (
                  <div className="muted small">
                    <VisibleText text={shortText(c.process, CELL_CHARS)} />
                  </div>
                )}
              </td>
              <td>
                {formatBytes(c.bytesOut)} / {formatBytes(c.bytesIn)}
              </td>
              <td className="small" title={revealHidden(c.file)}>
                <span className="source-file">
                  <VisibleText text={shortText(baseName(c.file), FILE_CHARS)} />
                </span>
                <wbr />:{c.line}
                {c.joined && (
                  <div
                    className="joined-marker"
                    data-testid="joined-marker"
                    title={`Joined: the same connection in ${formatLabel(c.joined.format)} ${revealHidden(c.joined.file)}, line ${c.joined.line}`}
                  >
                    <span aria-hidden="true">⇄ </span>
                    <span className="visually-hidden">joined with </span>
                    <VisibleText text={shortText(baseName(c.joined.file), FILE_CHARS)} />
                    <wbr />:{c.joined.line}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {connections.length > FIRST_ROWS && (
        <button type="button" className="link-button small" onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST_ROWS}` : `Show ${connections.length - FIRST_ROWS} more`}
        </button>
      )}
    </section>
  );
}
