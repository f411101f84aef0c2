// The E-step of unigram training: expected counts of each piece over every word's lattice
// (forward-backward in log space; Kudo 2018, eq. 3), weighted by the word's count, and the corpus
// log-likelihood.
import type { CancelCheck } from '../train/cancellation.ts';

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
}

export function expectedCounts(words: readonly string[], counts: Float64Array, pieces: Map<string, number>, cancel: CancelCheck): { expected: Map<string, number>; objective: number } {
  let maxChars = 1;
  for (const p of pieces.keys()) maxChars = Math.max(maxChars, [...p].length);
  const expected = new Map<string, number>();
  let objective = 0;
  for (let w = 0; w < words.length; w++) {
    const cps = [...words[w]!];
    const n = cps.length;
    const edges: [number, number, string, number][] = [];
    for (let a = 0; a < n; a++) {
      let key = '';
      for (let b = a + 1; b <= Math.min(n, a + maxChars); b++) {
        key += cps[b - 1];
        const s = pieces.get(key);
        if (s !== undefined) edges.push([a, b, key, s]);
      }
    }
    const alpha = new Float64Array(n + 1).fill(-Infinity);
    const beta = new Float64Array(n + 1).fill(-Infinity);
    alpha[0] = 0;
    beta[n] = 0;
    for (const [a, b, , s] of edges) alpha[b] = logAdd(alpha[b]!, alpha[a]! + s);
    for (let k = edges.length - 1; k >= 0; k--) {
      const [a, b, , s] = edges[k]!;
      beta[a] = logAdd(beta[a]!, beta[b]! + s);
    }
    const z = alpha[n]!;
    if (z === -Infinity) continue;
    objective -= counts[w]! * z;
    for (const [a, b, key, s] of edges) {
      const p = Math.exp(alpha[a]! + s + beta[b]! - z);
      expected.set(key, (expected.get(key) ?? 0) + counts[w]! * p);
    }
    cancel.tick(edges.length, 'em');
  }
  return { expected, objective };
}
