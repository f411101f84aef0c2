// A documented synthetic market-basket generator in the spirit of IBM's Quest generator (Agrawal &
// Srikant 1994, section 3): nPatterns "potentially frequent" itemsets of Poisson(patternLength)
// items drawn by a Zipf(1) item popularity; each basket is the union of Poisson(patternsPerBasket)
// patterns (each item of a pattern kept with probability 1 - corruption) plus Poisson(noise)
// popular-by-Zipf single items. Items are named 'item0', 'item1', ...; seeded.
import { ArgumentError, Generator } from '@neurite/tensor';

export interface BasketOptions {
  nTransactions?: number;
  nItems?: number;
  nPatterns?: number;
  patternLength?: number;
  patternsPerBasket?: number;
  noise?: number;
  corruption?: number;
  seed?: number;
}

function poisson(rng: Generator, mean: number): number {
  // Knuth's multiplication method; the means used here are small.
  const limit = Math.exp(-mean);
  let k = 0, p = rng.random();
  while (p > limit) {
    k++;
    p *= rng.random();
  }
  return k;
}

export function generateBaskets(options: BasketOptions = {}): string[][] {
  const {
    nTransactions = 10_000, nItems = 1_000, nPatterns = 200, patternLength = 4, patternsPerBasket = 2, noise = 3, corruption = 0.1, seed = 0,
  } = options;
  for (const [name, v] of Object.entries({ nTransactions, nItems, nPatterns })) {
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`generateBaskets: ${name} must be an integer >= 1, got ${v}`);
  }
  if (!(corruption >= 0 && corruption < 1)) throw new ArgumentError(`generateBaskets: corruption must be in [0, 1), got ${corruption}`);
  const rng = new Generator(seed);
  // Zipf(1) popularity: cumulative weights 1/(i+1).
  const cumulative = new Float64Array(nItems);
  let total = 0;
  for (let i = 0; i < nItems; i++) cumulative[i] = total += 1 / (i + 1);
  const popular = (): number => {
    const u = rng.random() * total;
    let lo = 0, hi = nItems - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const order = rng.permutation(nItems);
  const patterns: number[][] = [];
  for (let p = 0; p < nPatterns; p++) {
    const size = Math.max(2, poisson(rng, patternLength));
    const items = new Set<number>();
    // Patterns draw from a shuffled popularity order, so their items are not only the top ones.
    while (items.size < Math.min(size, nItems)) items.add(order[popular()]!);
    patterns.push([...items]);
  }
  const baskets: string[][] = [];
  for (let t = 0; t < nTransactions; t++) {
    const basket = new Set<number>();
    const count = Math.max(1, poisson(rng, patternsPerBasket));
    for (let c = 0; c < count; c++) {
      for (const item of patterns[Math.floor(rng.random() * nPatterns)]!) if (rng.random() >= corruption) basket.add(item);
    }
    const extra = poisson(rng, noise);
    for (let e = 0; e < extra; e++) basket.add(popular());
    baskets.push([...basket].sort((a, b) => a - b).map((i) => `item${i}`));
  }
  return baskets;
}
