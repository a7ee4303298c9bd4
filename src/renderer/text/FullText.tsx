import { useEffect, useMemo, useRef, useState } from 'react';
import { TAB_SIZE, textRows } from './full-text-rows.js';
import { VisibleText } from './VisibleText.js';

const ROW_HEIGHT = 18;
const OVERSCAN = 12;
/** Measured once laid out: the width of a character of the box's monospace font. */
const PROBE = '0000000000';

/**
 * All of a long value in a scrollable monospace box that lays out only the
 * rows in view: one unbroken 1 MB string wrapped by the browser costs a
 * layout of the whole string (the freeze this replaces), a screenful of
 * fixed-width rows does not. Hidden characters are marked per row.
 */
export function FullText({ text, label, lines = false }: { text: string; label: string; lines?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const [cols, setCols] = useState(0);
  const [view, setView] = useState({ top: 0, height: 360 });

  useEffect(() => {
    const el = box.current;
    const ruler = probe.current;
    if (!el || !ruler) return;
    const measure = () => {
      const charWidth = ruler.getBoundingClientRect().width / PROBE.length || 7;
      setCols(Math.max(8, Math.floor((el.clientWidth - 12) / charWidth)));
      setView({ top: el.scrollTop, height: el.clientHeight });
    };
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    const scroll = () => setView({ top: el.scrollTop, height: el.clientHeight });
    el.addEventListener('scroll', scroll, { passive: true });
    return () => {
      resize.disconnect();
      el.removeEventListener('scroll', scroll);
    };
  }, []);

  const rows = useMemo(() => (cols > 0 ? textRows(text, cols, lines) : null), [text, cols, lines]);
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = rows ? Math.min(rows.count - 1, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN) : -1;
  const shown = [];
  for (let i = first; rows && i <= last; i++) {
    shown.push(
      <span key={i} className="full-text-row" style={{ top: i * ROW_HEIGHT, height: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT}px` }}>
        <VisibleText text={text.slice(rows.starts[i], rows.ends[i])} lines={lines} />
      </span>,
    );
  }
  return (
    <div ref={box} className="full-text" style={{ tabSize: TAB_SIZE }} data-full-text="" role="textbox" aria-readonly="true" aria-multiline="true" aria-label={label} tabIndex={0}>
      <span ref={probe} className="full-text-probe" aria-hidden="true">
        {PROBE}
      </span>
      <code className="full-text-rows" style={{ height: (rows?.count ?? 0) * ROW_HEIGHT }}>
        {shown}
      </code>
    </div>
  );
}
