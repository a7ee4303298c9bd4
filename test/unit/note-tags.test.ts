import { describe, expect, it } from 'vitest';
import { cleanTags, tagKey, targetKey } from '../../src/core/notes/index.js';
import { MAX_TAG_CHARS, MAX_TAGS_PER_TARGET, tagSchema } from '../../src/shared/notes-types.js';

const refused = (tags: string[]) => {
  try {
    cleanTags(tags);
  } catch (err) {
    return { message: (err as Error).message, field: (err as { location?: { field?: string } }).location?.field };
  }
  return null;
};

describe('tags', () => {
  it('are trimmed, kept in their first spelling, one per tag whatever the letter case or width', () => {
    expect(cleanTags([' C2 ', 'c2', 'Beacon', 'ＢＥＡＣＯＮ', 'Straße', 'STRASSE'])).toEqual(['C2', 'Beacon', 'Straße', 'STRASSE']);
    expect(tagKey('ＢＥＡＣＯＮ')).toBe(tagKey('beacon'));
  });

  it('are refused with the index of the tag and why: empty, too long, control or hidden characters', () => {
    expect(refused(['ok', '   '])).toEqual({ message: 'tag 2 ("   "): a tag is not empty', field: 'tags.1' });
    expect(refused(['x'.repeat(MAX_TAG_CHARS + 1)])).toMatchObject({ message: expect.stringContaining(`at most ${MAX_TAG_CHARS} characters`), field: 'tags.0' });
    expect(refused(['bell\u0007'])).toMatchObject({ message: expect.stringContaining('U+0007 control character'), field: 'tags.0' });
    expect(refused(['a', 'evil\u202Etxt'])).toMatchObject({ message: expect.stringContaining('U+202E RIGHT-TO-LEFT OVERRIDE'), field: 'tags.1' });
    expect(refused(['zero\u200bwidth'])).toMatchObject({ field: 'tags.0' });
    expect(refused(Array.from({ length: MAX_TAGS_PER_TARGET + 1 }, (_, i) => `t${i}`))).toMatchObject({ field: 'tags' });
    // Emoji are text, not hidden characters.
    expect(tagSchema.parse('🔥 hot')).toBe('🔥 hot');
  });

  it('targets have one key each, which no host name or path can forge', () => {
    const a = targetKey({ kind: 'finding', host: 'ws","x', process: null, dst: '1.2.3.4', dport: null });
    const b = targetKey({ kind: 'finding', host: 'ws', process: 'x', dst: '1.2.3.4', dport: null });
    expect(a).not.toBe(b);
    expect(targetKey({ kind: 'node', nodeId: 'ip:1.2.3.4' })).not.toBe(targetKey({ kind: 'finding', host: 'ip:1.2.3.4', process: null, dst: '1.2.3.4', dport: null }));
  });
});
