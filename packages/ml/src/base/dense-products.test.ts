// ResidentMatrix's products on the kernels (dense rows: tensor's rowDots on the resident rows and
// their transpose; at most a third nonzero: csrMatmul on compressed sparse rows) against plain
// loops, at sizes around the kernels' tiles and chunks, and rows with no nonzero.
import { init, memory } from '@neurite/tensor';
import { expectClose } from '@neurite/tensor/testing';
import { describe, expect, it } from 'vitest';
import { ResidentMatrix } from './dense-products.ts';

function seeded(count: number, seed: number, zeroEvery = 3): Float64Array {
  let s = seed >>> 0;
  return Float64Array.from({ length: count }, (_, i) => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return i % zeroEvery === 0 || (zeroEvery > 3 && i % zeroEvery !== 1) ? 0 : ((z ^ (z >>> 16)) >>> 0) / 4294967296 - 0.5;
  });
}

describe('ResidentMatrix on the kernels', () => {
  it('X Wᵀ and Gᵀ X equal plain loops and leave no tensor behind', async () => {
    await init();
    const before = memory().liveTensors;
    // zeroEvery 3: two thirds nonzero (dense); 5: one in five nonzero (sparse); 97: most rows empty.
    for (const [n, d, k, zeroEvery] of [[1029, 17, 10, 3], [513, 65, 1, 3], [257, 33, 3, 3], [4097, 9, 7, 3], [1029, 17, 10, 5], [600, 67, 9, 5], [513, 65, 1, 97], [257, 130, 17, 5]] as const) {
      const x = { rows: n, cols: d, data: seeded(n * d, n + d, zeroEvery) }, w = seeded(k * d, k), g = seeded(n * k, n * k);
      const resident = new ResidentMatrix(x);
      try {
        const xw = new Float64Array(n * k), gx = new Float64Array(k * d);
        for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) for (let p = 0; p < d; p++) xw[i * k + c] += x.data[i * d + p]! * w[c * d + p]!;
        for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) for (let p = 0; p < d; p++) gx[c * d + p] += g[i * k + c]! * x.data[i * d + p]!;
        expectClose(resident.timesTransposed(w, k), xw, { atol: 1e-13, rtol: 1e-12 });
        expectClose(resident.transposedTimes(g, k), gx, { atol: 1e-12, rtol: 1e-12 });
        expectClose(resident.transposedTimes(g, k), gx, { atol: 1e-12, rtol: 1e-12 }); // the transpose made once, reused
      } finally {
        resident.dispose();
      }
    }
    expect(memory().liveTensors).toBe(before);
  });
});
