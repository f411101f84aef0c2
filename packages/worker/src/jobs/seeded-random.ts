/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): a small seeded PRNG for benchmark inputs and data
 * shuffling inside the worker. Deterministic for a given seed; not for cryptography.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `view` with uniform values in [-1, 1). */
export function fillUniform(view: Float32Array, random: () => number): void {
  for (let i = 0; i < view.length; i++) view[i] = random() * 2 - 1;
}
