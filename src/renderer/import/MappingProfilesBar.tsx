import { useState, type FormEvent } from 'react';
import type { FilePreview, MappingProfile } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { errorMessage } from '../error-message.js';
import { profileFits } from './mapping-draft.js';

interface Props {
  preview: FilePreview;
  profiles: readonly MappingProfile[];
  /** The profile the current mapping came from, if unchanged since. */
  applied: string | null;
  canSave: boolean;
  onApply: (profile: MappingProfile) => void;
  onSave: (name: string) => Promise<void>;
  onDelete: (profile: MappingProfile) => Promise<void>;
  onRestore: (profile: MappingProfile) => Promise<void>;
  idPrefix: string;
}

/** Saved mappings: apply one, save the current mapping under a name, delete one (with undo). */
export function MappingProfilesBar({ preview, profiles, applied, canSave, onApply, onSave, onDelete, onRestore, idPrefix }: Props) {
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<MappingProfile | null>(null);
  const selected = profiles.find((p) => p.name === (chosen || applied)) ?? null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      await onSave(trimmed);
      setNote(`Saved as “${trimmed}”.`);
      setName('');
      setDeleted(null);
    } catch (err) {
      setNote(errorMessage(err));
    }
  };

  const remove = async () => {
    if (!selected) return;
    try {
      await onDelete(selected);
      setDeleted(selected);
      setChosen('');
      setNote(`Deleted “${selected.name}”.`);
    } catch (err) {
      setNote(errorMessage(err));
    }
  };

  const undo = async () => {
    if (!deleted) return;
    await onRestore(deleted);
    setNote(`Restored “${deleted.name}”.`);
    setDeleted(null);
  };

  return (
    <div className="profiles-bar" data-testid="mapping-profiles">
      <label htmlFor={`${idPrefix}-profile`}>Saved mapping</label>
      <select id={`${idPrefix}-profile`} value={selected?.name ?? ''} onChange={(e) => setChosen(e.target.value)} disabled={profiles.length === 0}>
        <option value="">{profiles.length === 0 ? '(none saved yet)' : '— choose —'}</option>
        {profiles.map((p) => (
          <option key={p.name} value={p.name}>
            {revealHidden(p.name)}
            {profileFits(p, preview) ? ' ✓ fits this file' : ''}
          </option>
        ))}
      </select>
      <button type="button" disabled={!selected || selected.name === applied} onClick={() => selected && onApply(selected)}>
        Apply
      </button>
      <button type="button" disabled={!selected} onClick={() => void remove()} aria-label={selected ? `Delete saved mapping ${selected.name}` : 'Delete saved mapping'}>
        Delete
      </button>
      <form className="inline" onSubmit={(e) => void save(e)}>
        <label htmlFor={`${idPrefix}-save-as`} className="visually-hidden">
          Save this mapping as
        </label>
        <input id={`${idPrefix}-save-as`} placeholder="Save as… (e.g. Splunk ES notables)" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={!canSave || !name.trim()} title={canSave ? undefined : 'map time, source IP and destination IP first'}>
          Save mapping
        </button>
      </form>
      {applied && !chosen && <span className="muted small">Using “{applied}”.</span>}
      {note && (
        <span className="small" role="status">
          {note}
          {deleted && (
            <button type="button" className="link" onClick={() => void undo()}>
              Undo
            </button>
          )}
        </span>
      )}
    </div>
  );
}
