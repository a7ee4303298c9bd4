import { MAX_TAGS_PER_TARGET, tagSchema } from '../../shared/notes-types.js';
import { InvalidInputError } from '../errors/index.js';

/** What makes two spellings one tag: Unicode compatibility forms and letter case folded ("C2", "c2", "Ｃ２"). */
export function tagKey(tag: string): string {
  return tag.normalize('NFKC').toLowerCase();
}

/**
 * A target's tags as given, checked and trimmed, the first spelling of each
 * tag kept: the error names the index of the tag that is refused.
 */
export function cleanTags(tags: readonly string[], field = 'tags'): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  tags.forEach((raw, i) => {
    const checked = tagSchema.safeParse(raw);
    if (!checked.success) throw new InvalidInputError(`tag ${i + 1} ("${raw.slice(0, 40)}"): ${checked.error.issues[0]?.message ?? 'refused'}`, { field: `${field}.${i}` });
    const key = tagKey(checked.data);
    if (seen.has(key)) return;
    seen.add(key);
    kept.push(checked.data);
  });
  if (kept.length > MAX_TAGS_PER_TARGET) throw new InvalidInputError(`at most ${MAX_TAGS_PER_TARGET} tags on one target (${kept.length} given)`, { field });
  return kept;
}
