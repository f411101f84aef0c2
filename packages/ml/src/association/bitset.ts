// Transaction-id bitsets for frequent-itemset mining: bit t of an item's set is 1 when transaction
// t holds the item, so the support count of an itemset is the population count of the AND of its
// items' sets (the vertical layout of Zaki's Eclat, used here inside Apriori's level-wise search).

/** Set bits of a 32-bit word (the SWAR population count, Hacker's Delight 5-1). */
export function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** out = a AND b; returns the number of set bits of out. */
export function intersectCount(a: Uint32Array, b: Uint32Array, out: Uint32Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]! & b[i]!;
    out[i] = w;
    if (w !== 0) count += popcount32(w);
  }
  return count;
}
