import { isKnownTimeZone } from './mapping-draft.js';

interface Props {
  timezone: string;
  onTimezone: (zone: string) => void;
  tolerance: number;
  onTolerance: (seconds: number) => void;
}

/** Settings of the whole import: the zone of recognised files' offset-less times, and how far apart joined events may be. */
export function ImportOptions({ timezone, onTimezone, tolerance, onTolerance }: Props) {
  const zoneOk = isKnownTimeZone(timezone);
  return (
    <fieldset className="import-options">
      <legend>Options</legend>
      <label className="field">
        <span>Time zone of times without an offset</span>
        <input list="iana-zones" value={timezone} maxLength={64} aria-invalid={!zoneOk} className={zoneOk ? '' : 'invalid'} onChange={(e) => onTimezone(e.target.value)} />
      </label>
      <label className="field">
        <span>Join tolerance (seconds)</span>
        <input type="number" min={0} max={3600} step={1} value={tolerance} onChange={(e) => onTolerance(Math.max(0, Math.min(3600, Number(e.target.value) || 0)))} />
      </label>
      <span className="muted small">A Sysmon event and a flow of the same 5-tuple are one connection when they are this close (after any clock skew found).</span>
    </fieldset>
  );
}
