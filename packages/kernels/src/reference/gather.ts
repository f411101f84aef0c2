// Plain-TypeScript reference of assembly/gather.ts.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type GatherKernels = Pick<KernelExports, 'index_select_32' | 'index_add_f32' | 'index_add_f64' | 'one_hot_f32' | 'where_f32'>;

function firstBad(heap: Heap, idx: number, k: number, limit: number): number {
  const v = heap.i32(idx, k);
  for (let j = 0; j < k; j++) if (v[j]! < 0 || v[j]! >= limit) return j;
  return -1;
}

export function gatherReference(heap: Heap): GatherKernels {
  return {
    index_select_32(outer, axis, inner, src, idx, k, dst) {
      const bad = firstBad(heap, idx, k, axis);
      if (bad >= 0) return bad;
      const s = heap.i32(src, outer * axis * inner).slice(), ix = heap.i32(idx, k).slice(), d = heap.i32(dst, outer * k * inner);
      for (let o = 0; o < outer; o++) for (let j = 0; j < k; j++) for (let i = 0; i < inner; i++) d[(o * k + j) * inner + i] = s[(o * axis + ix[j]!) * inner + i]!;
      return -1;
    },
    index_add_f32(outer, axis, inner, dst, idx, k, src) {
      const bad = firstBad(heap, idx, k, axis);
      if (bad >= 0) return bad;
      const s = heap.f32(src, outer * k * inner).slice(), ix = heap.i32(idx, k).slice(), d = heap.f32(dst, outer * axis * inner);
      for (let o = 0; o < outer; o++) for (let j = 0; j < k; j++) for (let i = 0; i < inner; i++) d[(o * axis + ix[j]!) * inner + i]! += s[(o * k + j) * inner + i]!;
      return -1;
    },
    index_add_f64(outer, axis, inner, dst, idx, k, src) {
      const bad = firstBad(heap, idx, k, axis);
      if (bad >= 0) return bad;
      const s = heap.f64(src, outer * k * inner).slice(), ix = heap.i32(idx, k).slice(), d = heap.f64(dst, outer * axis * inner);
      for (let o = 0; o < outer; o++) for (let j = 0; j < k; j++) for (let i = 0; i < inner; i++) d[(o * axis + ix[j]!) * inner + i]! += s[(o * k + j) * inner + i]!;
      return -1;
    },
    one_hot_f32(n, idx, depth, dst, on, off) {
      const bad = firstBad(heap, idx, n, depth);
      if (bad >= 0) return bad;
      const ix = heap.i32(idx, n).slice(), d = heap.f32(dst, n * depth);
      d.fill(off);
      for (let r = 0; r < n; r++) d[r * depth + ix[r]!] = on;
      return -1;
    },
    where_f32(rank, shapePtr, sc, sa, sb, cond, a, b, out) {
      const shape = heap.i32(shapePtr, rank).slice(), stc = heap.i32(sc, rank).slice(), sta = heap.i32(sa, rank).slice(), stb = heap.i32(sb, rank).slice();
      let total = 1;
      for (let d = 0; d < rank; d++) total *= shape[d]!;
      const f = new Float32Array(heap.memory.buffer);
      for (let i = 0; i < total; i++) {
        let rem = i, oc = 0, oa = 0, ob = 0;
        for (let d = rank - 1; d >= 0; d--) {
          const x = rem % shape[d]!;
          rem = Math.floor(rem / shape[d]!);
          oc += x * stc[d]!;
          oa += x * sta[d]!;
          ob += x * stb[d]!;
        }
        const c = f[(cond >> 2) + oc]!;
        f[(out >> 2) + i] = c !== 0 ? f[(a >> 2) + oa]! : f[(b >> 2) + ob]!;
      }
    },
  };
}
