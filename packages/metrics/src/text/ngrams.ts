// n-gram counting for BLEU: tokens are mapped to integer ids once per call (a Vocabulary), and an
// n-gram's key is its ids joined by commas, so any token text is safe.

/** Token text to integer id, shared by every sentence of one call. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  encode(tokens: readonly string[]): number[] {
    return tokens.map((t) => {
      let id = this.ids.get(t);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(t, id);
      }
      return id;
    });
  }
}

/** Counts of the n-grams of order n in `ids` (empty when the sequence is shorter than n). */
export function ngramCounts(ids: readonly number[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= ids.length; i++) {
    let key = String(ids[i]);
    for (let j = 1; j < n; j++) key += ',' + ids[i + j];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * The exactly rounded-ish sum of floats (Shewchuk's partials, as Python's math.fsum; the final
 * half-way correction of fsum is omitted, so the result may differ from fsum in the last bit).
 */
export function fsum(values: readonly number[]): number {
  const partials: number[] = [];
  for (let x of values) {
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y, lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let sum = 0;
  for (let k = partials.length - 1; k >= 0; k--) sum += partials[k]!;
  return sum;
}
