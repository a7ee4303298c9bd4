import { shortText } from '../../shared/cut-text.js';
import type { MappingProfile } from '../../shared/types.js';
import { telemetryFormats } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { formatBytes } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';
import { MappingWizard } from './MappingWizard.js';
import { needsMapping, notReadyReason, type FileChoice, type FormatChoice } from './file-choice.js';
import { FORMAT_LABEL, formatLabel } from './format-labels.js';
import type { Delimiter, MappingDraft } from './mapping-draft.js';

export interface FileChoiceActions {
  onRemove: (key: string) => void;
  onFormat: (key: string, format: FormatChoice) => void;
  onDraft: (key: string, draft: MappingDraft) => void;
  onResplit: (choice: FileChoice, delimiter: Delimiter, header: boolean) => void;
  onApplyProfile: (choice: FileChoice, profile: MappingProfile) => void;
  onSaveProfile: (choice: FileChoice, name: string, draft: MappingDraft) => Promise<void>;
  onDeleteProfile: (profile: MappingProfile) => Promise<void>;
  onRestoreProfile: (profile: MappingProfile) => Promise<void>;
}

interface Props extends FileChoiceActions {
  choice: FileChoice;
  profiles: readonly MappingProfile[];
}

/** One picked file: what the engine recognised it as, a format override, and for generic CSV/TSV the mapping wizard. */
export function FileChoiceCard({ choice, profiles, ...actions }: Props) {
  const { preview } = choice;
  const reason = notReadyReason(choice);
  const name = choice.file.name;
  return (
    <li className={`file-card${reason ? ' needs-attention' : ''}`} data-file={name} data-testid="file-card">
      <div className="file-card-head">
        <strong className="file-name" title={revealHidden(name)}>
          <VisibleText text={name} />
        </strong>
        <span className="muted small">{formatBytes(choice.file.size)}</span>
        <RecognisedAs choice={choice} />
        <span className="spacer" />
        <label className="field small">
          <span>Read as</span>
          <select
            aria-label={`Format of ${revealHidden(name)}`}
            value={choice.format}
            disabled={choice.stage === 'uploading' || choice.stage === 'previewing'}
            onChange={(e) => actions.onFormat(choice.key, e.target.value as FormatChoice)}
          >
            <option value="auto" disabled={!preview?.format}>
              {preview?.format ? `Recognised: ${FORMAT_LABEL[preview.format]}` : 'Recognised: —'}
            </option>
            <option value="csv-mapped" disabled={!preview || preview.columns.length === 0}>
              Generic CSV/TSV: map columns
            </option>
            <optgroup label="Read as format">
              {telemetryFormats
                .filter((f) => f !== 'csv-mapped')
                .map((f) => (
                  <option key={f} value={f}>
                    {FORMAT_LABEL[f]}
                  </option>
                ))}
            </optgroup>
          </select>
        </label>
        <button type="button" onClick={() => actions.onRemove(choice.key)} aria-label={`Remove ${revealHidden(name)}`}>
          Remove
        </button>
      </div>
      {choice.error && (
        <p className="error small">
          <VisibleText text={choice.error} />
        </p>
      )}
      {preview && preview.format === null && preview.problem && choice.stage !== 'previewing' && <FormatProblem problem={preview.problem} mappable={preview.columns.length > 0} />}
      {needsMapping(choice) && preview && choice.mapping && (
        <MappingWizard
          fileKey={choice.key}
          preview={preview}
          draft={choice.mapping}
          profileGaps={choice.profileGaps}
          busy={choice.stage === 'previewing'}
          profiles={profiles}
          onDraft={(d) => actions.onDraft(choice.key, d)}
          onResplit={(delimiter, header) => actions.onResplit(choice, delimiter, header)}
          onApplyProfile={(p) => actions.onApplyProfile(choice, p)}
          onSaveProfile={(n, d) => actions.onSaveProfile(choice, n, d)}
          onDeleteProfile={actions.onDeleteProfile}
          onRestoreProfile={actions.onRestoreProfile}
        />
      )}
      {!needsMapping(choice) && preview && preview.format !== null && preview.rows.length > 0 && <FirstLines rows={preview.rows} />}
      {reason && choice.stage === 'ready' && !needsMapping(choice) && <p className="warning small">Not ready: {reason}.</p>}
    </li>
  );
}

function RecognisedAs({ choice }: { choice: FileChoice }) {
  if (choice.stage === 'uploading') return <span className="badge pending">Uploading…</span>;
  if (choice.stage === 'previewing' && !choice.preview) return <span className="badge pending">Reading…</span>;
  if (!choice.preview) return <span className="badge problem">Not read</span>;
  if (choice.preview.format) return <span className="badge ok">{formatLabel(choice.preview.format)}</span>;
  return <span className="badge problem">Not recognised</span>;
}

/** A recognised file's first lines, as text: enough to see it is the file meant. */
function FirstLines({ rows }: { rows: readonly (readonly string[])[] }) {
  return (
    <details className="first-lines">
      <summary className="small">First lines</summary>
      <pre className="mono">
        <VisibleText text={rows.slice(0, 5).map((r) => r.map((cell) => shortText(cell, 200)).join('  ')).join('\n')} lines />
      </pre>
    </details>
  );
}

/** Why nothing recognised the file: its first sentence, the rest (the list of formats) on demand. */
function FormatProblem({ problem, mappable }: { problem: string; mappable: boolean }) {
  const cut = problem.indexOf('. ');
  const first = cut === -1 ? problem : problem.slice(0, cut);
  const rest = cut === -1 ? '' : problem.slice(cut + 2);
  return (
    <div className="muted small format-problem" data-testid="format-problem">
      <VisibleText text={first} />
      {mappable ? ': read it as a generic CSV/TSV by mapping its columns below, or choose a format.' : '.'}{' '}
      {rest && (
        <details>
          <summary>What Sightline recognises</summary>
          <p>{rest}</p>
        </details>
      )}
    </div>
  );
}
