import { useMemo } from 'react';
import { hiddenCharName, hiddenChars } from '../../shared/visible-text.js';

const NAMED = 4;

/**
 * Says which fields hold hidden characters and which: an analyst must see
 * that `invoice⟨U+202E⟩gpj.exe` is not the `invoiceexe.jpg` another tool shows.
 */
export function HiddenWarning({ fields }: { fields: readonly { label: string; value: string }[] }) {
  const found = useMemo(() => {
    const where = new Set<string>();
    const chars = new Set<number>();
    for (const f of fields) {
      const codes = hiddenChars(f.value);
      if (codes.length === 0) continue;
      where.add(f.label);
      for (const c of codes) chars.add(c);
    }
    return where.size > 0 ? { where: [...where], chars: [...chars] } : null;
  }, [fields]);
  if (!found) return null;
  const names = found.chars.slice(0, NAMED).map(hiddenCharName);
  const more = found.chars.length - names.length;
  return (
    <p className="hidden-warning" role="note" data-testid="hidden-chars-warning">
      <strong>Hidden characters</strong> in {found.where.join(', ')}: {names.join(', ')}
      {more > 0 && ` and ${more} more`}. They are shown as ⟨U+…⟩ here; other tools may display this text differently.
    </p>
  );
}
