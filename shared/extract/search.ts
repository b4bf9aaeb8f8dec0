// Binary search over lists in text order, so that a look-up per figure does not scan every span of the text.

/** The first index of `list` whose item is not `before`, where `before` holds for a prefix of the list and only it. */
export function firstIndex<T>(list: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (before(list[middle] as T)) low = middle + 1;
    else high = middle;
  }
  return low;
}
