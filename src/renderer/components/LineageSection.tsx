import { shortText } from '../../shared/cut-text.js';
import type { LineageProcessView, ProcessLineageView } from '../../shared/types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { baseName, formatTime } from '../format.js';
import { LongText } from '../text/LongText.js';
import { VisibleText } from '../text/VisibleText.js';

const HASH_LABEL = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', imphash: 'Imphash' } as const;
/** A program's name in the chain; its whole path is in the title and the Image fact. */
const NAME_CHARS = 80;

/** The strings of a lineage that came from a file: what the hidden-character warning checks. */
export function lineageFields(l: ProcessLineageView): { label: string; value: string }[] {
  const fields = [
    ...l.parents.map((p) => ({ label: 'Parent chain', value: p.image })),
    ...l.parents.map((p) => ({ label: 'Parent chain', value: p.commandLine ?? '' })),
    { label: 'Written by', value: l.written?.by ?? '' },
    { label: 'Written file', value: l.written?.file ?? '' },
    { label: 'Parent chain', value: l.beyond ?? '' },
  ];
  return fields.filter((f) => f.value !== '');
}

/**
 * Where a process came from: the lineage sentence, what its name and place
 * say against it, who wrote its file and when, its parents, and its hashes
 * (unless the process section shows them).
 * Every value from the logs is rendered as text, hidden characters marked.
 */
export function LineageSection({ lineage: l, showHashes = true }: { lineage: ProcessLineageView; showHashes?: boolean }) {
  return (
    <section className="lineage" data-testid="lineage" data-joined-by={l.joinedBy}>
      <h3>Where it came from</h3>
      <p className="lineage-sentence" data-testid="lineage-sentence">
        <VisibleText text={l.sentence} />
      </p>
      {l.joinedBy === 'image' && (
        <p className="muted small" data-testid="lineage-by-image">
          Matched by host and image path: the connection names no process GUID this case has a process creation for.
        </p>
      )}
      {l.judgements.length > 0 && (
        <ul className="judgements" data-testid="judgements">
          {l.judgements.map((j, i) => (
            <li key={`${j.kind}:${i}`} data-kind={j.kind}>
              <VisibleText text={j.text} />
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        {l.written && (
          <div data-fact="Written by">
            <dt>Written by</dt>
            <dd>
              {l.written.by !== null ? <ProgramName image={l.written.by} /> : <span className="muted">an unnamed process</span>} at {formatTime(l.written.at)}
              <div className="muted small">
                <LongText text={l.written.file} label="Written file" />
              </div>
            </dd>
          </div>
        )}
        {(l.parents.length > 0 || l.beyond !== null) && (
          <div data-fact="Parent chain">
            <dt>Parent chain</dt>
            <dd>
              <ol className="parent-chain">
                {l.parents.map((p, i) => (
                  <ParentStep key={`${p.processGuid ?? ''}:${i}`} step={p} />
                ))}
                {l.beyond !== null && (
                  <li className="muted">
                    <ProgramName image={l.beyond} /> (no process creation of it in this case)
                  </li>
                )}
                {l.parentsCut && <li className="muted">… (cut)</li>}
              </ol>
            </dd>
          </div>
        )}
        {/* Without the process section, which lists every run's hashes with their reputation. */}
        {showHashes && l.hashes.map((h) => (
          <div key={h.type} data-fact={`hash-${h.type}`}>
            <dt>{HASH_LABEL[h.type]}</dt>
            <dd className="mono hash">{h.value}</dd>
          </div>
        ))}
        {l.unreadableHashes.length > 0 && (
          <div data-fact="Other hashes">
            <dt>Other hashes</dt>
            <dd>
              <LongText text={l.unreadableHashes.join(', ')} label="Other hashes" mono />
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function ProgramName({ image }: { image: string }) {
  return (
    <span className="program" title={revealHidden(image)}>
      <VisibleText text={shortText(baseName(image), NAME_CHARS)} />
    </span>
  );
}

function ParentStep({ step }: { step: LineageProcessView }) {
  return (
    <li>
      <ProgramName image={step.image} />
      <span className="muted small">
        {step.pid !== null ? ` pid ${step.pid}` : ''}
        {step.started ? ` · started ${formatTime(step.started)}` : ''}
      </span>
      {step.commandLine && (
        <div className="small">
          <LongText text={step.commandLine} label={`Command line of ${revealHidden(baseName(step.image))}`} mono />
        </div>
      )}
    </li>
  );
}
