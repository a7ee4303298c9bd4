import type { FilePreview, MappingProfile } from '../../shared/types.js';
import { timeFormats } from '../../shared/types.js';
import { ColumnMappingTable } from './ColumnMappingTable.js';
import { MappingProfilesBar } from './MappingProfilesBar.js';
import { DELIMITERS, isKnownTimeZone, missingRoles, ROLE_LABEL, TIME_FORMAT_LABEL, type Delimiter, type MappingDraft } from './mapping-draft.js';

interface Props {
  fileKey: string;
  preview: FilePreview;
  draft: MappingDraft;
  profileGaps: readonly string[];
  busy: boolean;
  profiles: readonly MappingProfile[];
  onDraft: (draft: MappingDraft) => void;
  onResplit: (delimiter: Delimiter, header: boolean) => void;
  onApplyProfile: (profile: MappingProfile) => void;
  onSaveProfile: (name: string, draft: MappingDraft) => Promise<void>;
  onDeleteProfile: (profile: MappingProfile) => Promise<void>;
  onRestoreProfile: (profile: MappingProfile) => Promise<void>;
}

/** What each column of a generic CSV/TSV export means: how to split it, saved mappings, a role per column, how to read times. */
export function MappingWizard(props: Props) {
  const { fileKey, preview, draft, onDraft } = props;
  const missing = missingRoles(draft);
  // Any change by hand leaves the profile the draft came from.
  const change = (next: Partial<MappingDraft>) => onDraft({ ...draft, ...next, profile: null });
  return (
    <div className="mapping-wizard" data-testid="mapping-wizard">
      <SplitOptions fileKey={fileKey} preview={preview} draft={draft} busy={props.busy} onResplit={props.onResplit} />
      <MappingProfilesBar
        idPrefix={fileKey}
        preview={preview}
        profiles={props.profiles}
        applied={draft.profile}
        canSave={missing.length === 0}
        onApply={props.onApplyProfile}
        onSave={(name) => props.onSaveProfile(name, draft)}
        onDelete={props.onDeleteProfile}
        onRestore={props.onRestoreProfile}
      />
      {props.profileGaps.length > 0 && (
        <p className="warning small" role="status">
          This file has no column for {props.profileGaps.join(', ')} named by “{draft.profile}”: map {props.profileGaps.length === 1 ? 'it' : 'them'} by hand or leave
          {props.profileGaps.length === 1 ? ' it' : ' them'} out.
        </p>
      )}
      <ColumnMappingTable preview={preview} roles={draft.roles} onRoles={(roles) => change({ roles })} />
      <p className={missing.length ? 'warning small' : 'muted small'} data-testid="mapping-status">
        {missing.length
          ? `Still to map: ${missing.map((r) => ROLE_LABEL[r]).join(', ')} (* required).`
          : `${draft.roles.filter(Boolean).length} of ${preview.columns.length} columns mapped; rows with an alert signature also become alerts.`}
      </p>
      <TimeAndHostFields fileKey={fileKey} preview={preview} draft={draft} onChange={change} />
    </div>
  );
}

function SplitOptions({ fileKey, preview, draft, busy, onResplit }: { fileKey: string; preview: FilePreview; draft: MappingDraft; busy: boolean; onResplit: Props['onResplit'] }) {
  const detected = DELIMITERS.find((d) => d.value === draft.detected)?.label;
  return (
    <div className="field-row">
      <label className="field">
        <span>Delimiter</span>
        <select value={draft.delimiter} disabled={busy} onChange={(e) => onResplit(e.target.value as Delimiter, draft.header)} id={`${fileKey}-delimiter`}>
          {DELIMITERS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
              {d.value === draft.detected ? ' — detected' : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.header} disabled={busy} onChange={(e) => onResplit(draft.delimiter, e.target.checked)} />
        First line is a header
      </label>
      {busy && <span className="muted small">Reading the file again…</span>}
      {!busy && (
        <span className="muted small">
          {detected ? `detected: ${detected.toLowerCase()}; ` : ''}
          {preview.columns.length} columns, first {preview.rows.length} rows shown
        </span>
      )}
    </div>
  );
}

function TimeAndHostFields({ fileKey, preview, draft, onChange }: { fileKey: string; preview: FilePreview; draft: MappingDraft; onChange: (next: Partial<MappingDraft>) => void }) {
  // The engine tested the formats on the column it proposed for time; on another column the marks say nothing.
  const timeColumn = draft.roles.indexOf('time');
  const suggestedTime = preview.suggested.columns.time;
  const marksApply = timeColumn !== -1 && (suggestedTime === timeColumn || preview.columns[timeColumn] === suggestedTime);
  const zoneOk = isKnownTimeZone(draft.timezone);
  return (
    <div className="field-row">
      <label className="field">
        <span>Time format</span>
        <select value={draft.timeFormat} onChange={(e) => onChange({ timeFormat: e.target.value as MappingDraft['timeFormat'] })}>
          {timeFormats.map((f) => (
            <option key={f} value={f}>
              {TIME_FORMAT_LABEL[f]}
              {marksApply && preview.timeFormats.includes(f) ? ' ✓ fits the sample' : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Time zone</span>
        <input
          className={zoneOk ? '' : 'invalid'}
          list="iana-zones"
          value={draft.timezone}
          aria-invalid={!zoneOk}
          aria-describedby={`${fileKey}-zone-note`}
          placeholder="UTC"
          maxLength={64}
          onChange={(e) => onChange({ timezone: e.target.value })}
        />
      </label>
      <span id={`${fileKey}-zone-note`} className={zoneOk ? 'muted small' : 'warning small'}>
        {zoneOk ? 'for times written without an offset' : 'not a time-zone name this browser knows (e.g. UTC, Europe/Berlin)'}
      </span>
      <label className="field">
        <span>Default host</span>
        <input value={draft.defaultHost} maxLength={255} placeholder="the source IP" onChange={(e) => onChange({ defaultHost: e.target.value })} />
      </label>
      {draft.roles.includes('host') && <span className="muted small">used where the host column is empty</span>}
    </div>
  );
}
