import { useEffect, useRef, useState } from 'react';
import { shortText } from '../../shared/cut-text.js';
import type { IntelIndicatorRow } from '../../shared/types.js';
import { formatTime } from '../format.js';
import { VisibleText } from '../text/VisibleText.js';

/** A cell shows ~60 characters: cut long values before layout, not after. */
const CELL_CHARS = 200;

const ROW_HEIGHT = 28;
const OVERSCAN = 10;

interface Props {
  total: number;
  rowAt: (i: number) => IntelIndicatorRow | undefined;
  ensure: (first: number, last: number) => void;
  selected: string | null;
  onSelect: (row: IntelIndicatorRow) => void;
}

/** A virtualised table: only the rows in view (plus a margin) exist in the DOM, whatever the total. */
export function IndicatorTable({ total, rowAt, ensure, selected, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => setView({ top: el.scrollTop, height: el.clientHeight });
    update();
    const resize = new ResizeObserver(update);
    resize.observe(el);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      resize.disconnect();
      el.removeEventListener('scroll', update);
    };
  }, []);

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total - 1, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  useEffect(() => {
    if (total > 0) ensure(first, last);
  }, [ensure, first, last, total]);

  const rows = [];
  for (let i = first; i <= last; i++) {
    const r = rowAt(i);
    const key = r ? `${r.type}:${r.value}` : `loading-${i}`;
    rows.push(
      <div
        key={key}
        role="row"
        className={`irow${r && key === selected ? ' selected' : ''}${r?.expired ? ' expired' : ''}${r?.verdict === 'false-positive' ? ' fp' : ''}`}
        style={{ top: i * ROW_HEIGHT }}
        data-value={r?.value}
        onClick={() => r && onSelect(r)}
      >
        {r ? (
          <>
            <span className="c-score">
              <span className="score-number">{r.score.toFixed(0)}</span>
              <span className="score-bar" style={{ width: `${Math.round(r.score * 0.24)}px` }} />
            </span>
            <span className="c-type">{r.type}</span>
            <span className="c-value mono">
              <VisibleText text={shortText(r.value, CELL_CHARS)} />
            </span>
            <span className="c-sources">{r.sourceCount}</span>
            <span className="c-labels">
              <VisibleText text={shortText(r.labels.join(', '), CELL_CHARS)} />
            </span>
            <span className="c-seen">{formatTime(r.lastSeen)}</span>
            <span className="c-verdict">{r.verdict ?? (r.expired ? 'expired' : '')}</span>
          </>
        ) : (
          <span className="muted">…</span>
        )}
      </div>,
    );
  }

  return (
    <div className="itable" role="table" aria-label="indicators" aria-rowcount={total}>
      <div className="irow ihead" role="row">
        <span className="c-score">Score</span>
        <span className="c-type">Type</span>
        <span className="c-value">Value</span>
        <span className="c-sources">Src</span>
        <span className="c-labels">Labels</span>
        <span className="c-seen">Last seen (UTC)</span>
        <span className="c-verdict">Verdict</span>
      </div>
      <div className="iscroll" ref={scroller} data-testid="indicator-scroll">
        <div className="ispacer" style={{ height: total * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
