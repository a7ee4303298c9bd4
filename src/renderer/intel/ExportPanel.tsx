import { useState } from 'react';
import { intelExportFileName, intelExportFormats, type IntelExportFormat } from '../../shared/export-names.js';
import { revealHidden } from '../../shared/visible-text.js';
import type { Connection } from '../connect.js';
import { errorMessage } from '../error-message.js';
import { formatCount } from '../format.js';

/**
 * Exports the IoC store. Where it goes is the host's business: the desktop
 * asks with its save dialog, a browser downloads the file. The page never
 * names a path.
 */
export function ExportPanel({ connection }: { connection: Connection }) {
  const [format, setFormat] = useState<IntelExportFormat>('bundle');
  const [includeExpired, setIncludeExpired] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async () => {
    setNote(null);
    const spec = intelExportFormats[format];
    const target = await connection.chooseSaveTarget({
      suggestedName: intelExportFileName(format, Date.now()),
      filter: { name: spec.label, extensions: [spec.extension.split('.').pop() as string] },
    });
    if (!target) return;
    setBusy(true);
    try {
      const r = await connection.client.intelExport({ format, includeExpired, ...(target.kind === 'file' ? { target: { fileId: target.ref.fileId } } : {}) });
      if (r.download) connection.saveDownload(r.download);
      setNote({ ok: true, text: `${r.download ? 'Downloaded' : 'Saved'} ${revealHidden(r.file)}: ${formatCount(r.records)} records` });
    } catch (err) {
      setNote({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="stack small" data-testid="intel-export">
      <label htmlFor="export-format">Export the IoC store</label>
      <div className="inline">
        <select id="export-format" value={format} onChange={(e) => setFormat(e.target.value as IntelExportFormat)}>
          {(Object.keys(intelExportFormats) as IntelExportFormat[]).map((f) => (
            <option key={f} value={f}>
              {intelExportFormats[f].label}
            </option>
          ))}
        </select>
        <button type="button" disabled={busy} onClick={() => void run()}>
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {format !== 'bundle' && (
        <label className="check">
          <input type="checkbox" checked={includeExpired} onChange={(e) => setIncludeExpired(e.target.checked)} />
          include expired indicators
        </label>
      )}
      {note && (
        <span className={note.ok ? 'muted' : 'error'} data-testid="intel-export-note">
          {note.text}
        </span>
      )}
    </div>
  );
}
