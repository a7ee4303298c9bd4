import { useRef, type ReactNode } from 'react';
import type { MappingProfile } from '../../shared/types.js';
import { Modal } from '../components/Modal.js';
import type { Connection } from '../connect.js';
import { FileChoiceCard, type FileChoiceActions } from './FileChoiceCard.js';
import { ImportOptions } from './ImportOptions.js';
import { ImportProgressList } from './ImportProgressList.js';
import { ImportSummary } from './ImportSummary.js';
import { timeZoneNames, toCsvMapping } from './mapping-draft.js';
import { useMappingProfiles } from './use-mapping-profiles.js';
import type { ImportSession } from './use-import-session.js';

interface Props {
  connection: Connection;
  session: ImportSession;
  caseId: string;
  caseName: string;
  onShowImports: () => void;
}

const ZONES = timeZoneNames();

/** Import telemetry: pick files, check what each was recognised as (or map its columns), run, read the summary. */
export function ImportDialog({ connection, session, caseId, caseName, onShowImports }: Props) {
  const { run } = session;
  const title = run.phase === 'idle' ? `Import telemetry into “${caseName}”` : run.phase === 'running' ? `Importing into “${caseName}”` : `Import into “${caseName}”: summary`;
  return (
    <Modal title={title} onClose={session.close} testId="import-dialog" className="import-dialog" focusKey={run.phase} footer={<DialogButtons session={session} caseId={caseId} onShowImports={onShowImports} />}>
      <datalist id="iana-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {run.phase === 'idle' && <ChooseFiles connection={connection} session={session} />}
      {run.phase === 'running' && <ImportProgressList run={run} />}
      {run.phase === 'done' && <ImportSummary run={run} onShowQuarantine={onShowImports} />}
    </Modal>
  );
}

function ChooseFiles({ connection, session }: { connection: Connection; session: ImportSession }) {
  const input = useRef<HTMLInputElement>(null);
  const profiles = useMappingProfiles(connection.client);
  const { choices } = session;
  const actions: FileChoiceActions = {
    onRemove: choices.remove,
    onFormat: choices.setFormat,
    onDraft: choices.setMapping,
    onResplit: (c, d, h) => void choices.resplit(c, d, h),
    onApplyProfile: (c, p) => void choices.applyProfile(c, p),
    onSaveProfile: async (c, name, draft) => {
      if (!c.preview) return;
      const saved: MappingProfile = await profiles.save(name, toCsvMapping(draft, c.preview), draft.timezone.trim() || 'UTC');
      choices.setMapping(c.key, { ...draft, profile: saved.name });
    },
    onDeleteProfile: (p) => profiles.remove(p.name),
    onRestoreProfile: (p) => profiles.restore(p),
  };
  return (
    <>
      <div className="drop-zone">
        <button type="button" className="primary-button" data-autofocus onClick={() => input.current?.click()}>
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="import-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void choices.addFiles(files);
          }}
        />
        <span className="muted small">
          or drop them anywhere in the window. Recognised by content: Zeek conn.log and dns.log (TSV, JSON), Sysmon (JSON, ECS, CSV, XML, EVTX), nfdump CSV, Argus, Suricata
          EVE, Windows Firewall, gzipped too. Any other CSV/TSV (SIEM alerts, EDR exports) through a column mapping.
        </span>
      </div>
      {profiles.error && <p className="error small">Saved mappings: {profiles.error}</p>}
      {choices.files.length > 0 && (
        <ul className="file-list" aria-label="Files to import">
          {choices.files.map((c) => (
            <FileChoiceCard key={c.key} choice={c} profiles={profiles.profiles} {...actions} />
          ))}
        </ul>
      )}
      {choices.files.length > 0 && (
        <ImportOptions timezone={session.timezone} onTimezone={session.setTimezone} tolerance={session.tolerance} onTolerance={session.setTolerance} />
      )}
    </>
  );
}

function DialogButtons({ session, caseId, onShowImports }: { session: ImportSession; caseId: string; onShowImports: () => void }) {
  const { run, choices, blocked } = session;
  let status: ReactNode = null;
  let buttons: ReactNode;
  if (run.phase === 'idle') {
    const n = choices.files.length;
    status =
      n === 0 ? null : blocked.length === 0 ? (
        `${n} ${n === 1 ? 'file' : 'files'} ready.`
      ) : (
        <span className="warning">
          {n === 1 ? `${blocked[0]?.name} needs attention` : `${blocked.length} of ${n} files need attention: ${blocked[0]?.name}`} ({blocked[0]?.reason})
          {blocked.length > 1 ? '…' : ''}
        </span>
      );
    buttons = (
      <>
        <button type="button" onClick={session.close}>
          Close
        </button>
        <button type="button" className="primary-button" disabled={n === 0 || blocked.length > 0} onClick={() => void session.startImport(caseId)}>
          {n > 1 ? `Import ${n} files` : 'Import'}
        </button>
      </>
    );
  } else if (run.phase === 'running') {
    status = <span className="muted">Closing this window keeps the import running.</span>;
    buttons = (
      <>
        <button type="button" data-autofocus onClick={session.close}>
          Hide
        </button>
        <button type="button" className="danger-button" disabled={run.cancelling} onClick={session.cancel}>
          {run.cancelling ? 'Cancelling…' : 'Cancel import'}
        </button>
      </>
    );
  } else {
    buttons = (
      <>
        <button type="button" onClick={onShowImports}>
          Imports &amp; quarantine
        </button>
        <button type="button" onClick={session.again}>
          Import more files
        </button>
        <button type="button" className="primary-button" data-autofocus onClick={session.close}>
          Done
        </button>
      </>
    );
  }
  return (
    <>
      <span className="modal-status" role="status">
        {status}
      </span>
      {buttons}
    </>
  );
}
