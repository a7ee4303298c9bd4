/**
 * A copy of `s` that shares no memory with the string it was cut from. V8
 * makes a slice of 13 characters or more a view into its parent, so a key
 * kept from a line (split, slice) would keep the whole chunk of the file it
 * came from alive; shorter slices are copies already.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
