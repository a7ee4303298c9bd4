import { useEffect, useState } from 'react';
import type { Client } from '../../shared/client.js';
import type { ImportRecord, QuarantineRow } from '../../shared/types.js';
import { errorMessage } from '../error-message.js';
import { formatCount } from '../format.js';
import { ImportsTable } from './ImportsTable.js';
import { QUARANTINE_PAGE, QuarantineTable } from './QuarantineTable.js';

interface Props {
  client: Client;
  caseId: string;
  caseName: string;
  /** Bumped after each import: the lists are read again. */
  version: number;
  /** An import was removed: the graph and case counts are stale. */
  onRemoved: () => void;
}

/** The case's imports and the records they could not read. */
export function ImportsView({ client, caseId, caseName, version, onRemoved }: Props) {
  const [imports, setImports] = useState<{ caseId: string; rows: ImportRecord[] } | null>(null);
  const [quarantine, setQuarantine] = useState<{ total: number; rows: QuarantineRow[] }>({ total: 0, rows: [] });
  const [filter, setFilter] = useState<{ caseId: string; importId: number | null; offset: number }>({ caseId, importId: null, offset: 0 });
  const [error, setError] = useState<string | null>(null);
  // Another case starts unfiltered, from the first page.
  const current = filter.caseId === caseId ? filter : { caseId, importId: null, offset: 0 };

  useEffect(() => {
    let live = true;
    client
      .listImports({ caseId })
      .then((rows) => live && setImports({ caseId, rows }))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, caseId, version]);

  useEffect(() => {
    let live = true;
    client
      .listQuarantine({ caseId, offset: current.offset, limit: QUARANTINE_PAGE, ...(current.importId !== null ? { importId: current.importId } : {}) })
      .then((q) => live && setQuarantine(q))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [client, caseId, current.importId, current.offset, version]);

  const remove = async (importId: number) => {
    try {
      await client.deleteImport({ caseId, importId });
      setFilter({ caseId, importId: null, offset: 0 });
      onRemoved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const rows = imports?.caseId === caseId ? imports.rows : [];
  const totals = rows.reduce((t, r) => ({ events: t.events + r.events, quarantined: t.quarantined + r.quarantined }), { events: 0, quarantined: 0 });
  return (
    <main className="imports-view" data-testid="imports-view">
      <div className="section-head">
        <h2>Imports of “{caseName}”</h2>
        <span className="muted">
          {formatCount(rows.length)} {rows.length === 1 ? 'file' : 'files'} · {formatCount(totals.events)} connections · {formatCount(totals.quarantined)} quarantined records
        </span>
      </div>
      {error && <p className="error">{error}</p>}
      <ImportsTable
        imports={rows}
        selectedId={current.importId}
        onQuarantineOf={(importId) => setFilter({ caseId, importId, offset: 0 })}
        onRemove={(importId) => void remove(importId)}
      />
      {/* Nothing imported: nothing was read, so "every record was read" would be a claim about no records. */}
      {rows.length > 0 && (
        <QuarantineTable
          rows={quarantine.rows}
          total={quarantine.total}
          offset={current.offset}
          imports={rows}
          importId={current.importId}
          onImportId={(importId) => setFilter({ caseId, importId, offset: 0 })}
          onOffset={(offset) => setFilter({ ...current, offset })}
        />
      )}
    </main>
  );
}
