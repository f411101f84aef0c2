// Plain-TypeScript reference of assembly/attention*.ts: softmax(scale * Q K^T + mask) V one query
// row at a time, in float64, with the same geometry block, masks, empty-row rule (output 0,
// log-sum-exp -Inf, gradients 0) and dropout hash (assembly/attention-mask.ts).
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type AttentionKernels = Pick<KernelExports, 'attention_f32' | 'attention_backward_f32' | 'attention_f64' | 'attention_backward_f64'>;
type View = Float32Array | Float64Array;
interface ViewOf {
  (ptr: number, n: number): View;
  bytes: 4 | 8;
}

// Indices of the geometry block (assembly/attention-mask.ts).
export const ATTENTION_GEOMETRY_FIELDS = {
  B: 0, HQ: 1, HKV: 2, TQ: 3, TK: 4, D: 5, DV: 6, Q: 7, K: 10, V: 13, O: 16, DO: 19, DQ: 22, DK: 25, DVAL: 28,
  CAUSAL: 31, WINDOW: 32, QOFFSET: 33, MASK: 34, BLOCK: 37, LAYOUT_COLS: 38,
} as const;
export const ATTENTION_GEOMETRY_LENGTH = 39;
const G = ATTENTION_GEOMETRY_FIELDS;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mirror of dropoutKeep in assembly/attention-mask.ts. */
export function dropoutKeep(seed: number, bh: number, i: number, j: number, p: number): boolean {
  const h = fmix((fmix((fmix((fmix(seed >>> 0) + bh) >>> 0) + i) >>> 0) + j) >>> 0);
  return (h >>> 8) / 16777216 >= p;
}

/** Work item (b * Hkv + hk) in [first, first + count): the kernels' (batch, key head) split. */
function inRange(item: number, first: number, count: number): boolean {
  return item >= first && item < first + count;
}

interface Geometry {
  g: Int32Array;
  off(index: number, b: number, t: number, h: number): number;
}

function geometry(heap: Heap, geom: number): Geometry {
  const g = heap.i32(geom, ATTENTION_GEOMETRY_LENGTH).slice();
  return { g, off: (index, b, t, h) => b * g[index]! + t * g[index + 1]! + h * g[index + 2]! };
}

function allowed(g: Int32Array, layout: Int32Array | null, i: number, j: number): boolean {
  const pos = i + g[G.QOFFSET]!, causal = g[G.CAUSAL] !== 0, w = g[G.WINDOW]!;
  if (causal && j > pos) return false;
  if (w > 0 && (pos - j >= w || (!causal && j - pos >= w))) return false;
  if (layout !== null) {
    const bs = g[G.BLOCK]!;
    if (layout[Math.floor(i / bs) * g[G.LAYOUT_COLS]! + Math.floor(j / bs)] === 0) return false;
  }
  return true;
}

interface Inputs {
  geo: Geometry;
  q: View; k: View; v: View;
  mask: View | null; keyPad: Int32Array | null; layout: Int32Array | null;
}

function readInputs(heap: Heap, view: ViewOf, geom: number, q: number, k: number, v: number, mask: number, keyPad: number, layout: number): Inputs {
  const geo = geometry(heap, geom);
  const g = geo.g;
  // Views cover from each base to the last element any stride reaches (ranges were checked by the wrapper).
  const extent = (index: number, bCount: number, tCount: number, hCount: number, width: number) =>
    bCount * tCount * hCount === 0 ? 0 : geo.off(index, bCount - 1, tCount - 1, hCount - 1) + width;
  const [nb, hq, hkv, tq, tk, d, dv] = [g[G.B]!, g[G.HQ]!, g[G.HKV]!, g[G.TQ]!, g[G.TK]!, g[G.D]!, g[G.DV]!];
  const maskExtent = nb * hq * tq * tk === 0 ? 0 : (nb - 1) * g[G.MASK]! + (hq - 1) * g[G.MASK + 1]! + (tq - 1) * g[G.MASK + 2]! + tk;
  const rows = g[G.BLOCK]! > 0 ? Math.ceil(tq / g[G.BLOCK]!) * g[G.LAYOUT_COLS]! : 0;
  return {
    geo,
    q: view(q, extent(G.Q, nb, tq, hq, d)).slice(),
    k: view(k, extent(G.K, nb, tk, hkv, d)).slice(),
    v: view(v, extent(G.V, nb, tk, hkv, dv)).slice(),
    mask: mask === 0 ? null : view(mask, maskExtent).slice(),
    keyPad: keyPad === 0 ? null : heap.i32(keyPad, nb * tk).slice(),
    layout: layout === 0 ? null : heap.i32(layout, rows).slice(),
  };
}

/** Logits of query row (b, h, i) over every key (-Inf where masked), in float64. */
function logits(x: Inputs, b: number, h: number, i: number, scale: number): Float64Array {
  const { g, off } = x.geo;
  const tk = g[G.TK]!, d = g[G.D]!, hk = Math.floor(h / (g[G.HQ]! / g[G.HKV]!));
  const out = new Float64Array(tk);
  const qo = off(G.Q, b, i, h);
  const mo = b * g[G.MASK]! + h * g[G.MASK + 1]! + i * g[G.MASK + 2]!;
  for (let j = 0; j < tk; j++) {
    if (!allowed(g, x.layout, i, j) || (x.keyPad !== null && x.keyPad[b * tk + j] !== 0)) {
      out[j] = -Infinity;
      continue;
    }
    const ko = off(G.K, b, j, hk);
    let s = 0;
    for (let e = 0; e < d; e++) s += x.q[qo + e]! * x.k[ko + e]!;
    out[j] = s * scale + (x.mask === null ? 0 : x.mask[mo + j]!);
  }
  return out;
}

/** Probabilities of a logit row and its log-sum-exp (-Inf and all-zero probabilities for an empty row). */
function softmaxRow(s: Float64Array): [Float64Array, number] {
  let m = -Infinity;
  for (const x of s) if (x > m) m = x;
  const p = new Float64Array(s.length);
  if (m === -Infinity) return [p, -Infinity];
  let l = 0;
  for (let j = 0; j < s.length; j++) l += p[j] = s[j] === -Infinity ? 0 : Math.exp(s[j]! - m);
  for (let j = 0; j < s.length; j++) p[j]! /= l;
  return [p, m + Math.log(l)];
}

function forward(heap: Heap, view: ViewOf, geom: number, first: number, count: number, q: number, k: number, v: number, o: number, lse: number,
  mask: number, keyPad: number, layout: number, scale: number, dropout: number, seed: number): void {
  const x = readInputs(heap, view, geom, q, k, v, mask, keyPad, layout);
  const { g, off } = x.geo;
  const [nb, hq, hkv, tq, tk, dv] = [g[G.B]!, g[G.HQ]!, g[G.HKV]!, g[G.TQ]!, g[G.TK]!, g[G.DV]!];
  const keep = 1 / (1 - dropout), bytes = view.bytes;
  for (let b = 0; b < nb; b++) {
    for (let h = 0; h < hq; h++) {
      const hk = Math.floor(h / (hq / hkv)), bh = b * hq + h;
      if (!inRange(b * hkv + hk, first, count)) continue;
      for (let i = 0; i < tq; i++) {
        const [p, l] = softmaxRow(logits(x, b, h, i, scale));
        const acc = new Float64Array(dv);
        for (let j = 0; j < tk; j++) {
          const z = dropout > 0 ? (dropoutKeep(seed, bh, i, j, dropout) ? keep : 0) : 1;
          const vo = off(G.V, b, j, hk);
          for (let e = 0; e < dv; e++) acc[e]! += p[j]! * z * x.v[vo + e]!;
        }
        view(o + off(G.O, b, i, h) * bytes, dv).set(acc);
        view(lse + (bh * tq + i) * bytes, 1)[0] = l;
      }
    }
  }
}

function backward(heap: Heap, view: ViewOf, geom: number, first: number, count: number, q: number, k: number, v: number, o: number, lse: number,
  dO: number, dq: number, dk: number, dvOut: number, dMask: number, mask: number, keyPad: number, layout: number, scale: number, dropout: number,
  seed: number): void {
  const x = readInputs(heap, view, geom, q, k, v, mask, keyPad, layout);
  const { g, off } = x.geo;
  const [nb, hq, hkv, tq, tk, d, dv] = [g[G.B]!, g[G.HQ]!, g[G.HKV]!, g[G.TQ]!, g[G.TK]!, g[G.D]!, g[G.DV]!];
  const keep = 1 / (1 - dropout), bytes = view.bytes;
  const dK = Array.from({ length: nb * hkv * tk }, () => new Float64Array(d));
  const dV = Array.from({ length: nb * hkv * tk }, () => new Float64Array(dv));
  const rowOf = (ptr: number, index: number, b: number, t: number, h: number, n: number) => view(ptr + off(index, b, t, h) * bytes, n).slice();
  for (let b = 0; b < nb; b++) {
    for (let h = 0; h < hq; h++) {
      const hk = Math.floor(h / (hq / hkv)), bh = b * hq + h;
      if (!inRange(b * hkv + hk, first, count)) continue;
      for (let i = 0; i < tq; i++) {
        const [p] = softmaxRow(logits(x, b, h, i, scale));
        const go = rowOf(dO, G.DO, b, i, h, dv);
        const dQ = new Float64Array(d);
        const dp = new Float64Array(tk);
        let drow = 0;
        for (let j = 0; j < tk; j++) {
          const z = dropout > 0 ? (dropoutKeep(seed, bh, i, j, dropout) ? keep : 0) : 1;
          const vo = off(G.V, b, j, hk);
          let s = 0;
          for (let e = 0; e < dv; e++) {
            s += go[e]! * x.v[vo + e]!;
            dV[(b * hkv + hk) * tk + j]![e]! += p[j]! * z * go[e]!;
          }
          dp[j] = s * z;
          drow += p[j]! * dp[j]!;
        }
        const qo = off(G.Q, b, i, h);
        // The logits' gradient (an additive mask's): 0 where p is (masked keys, empty rows).
        const dLogits = Float64Array.from(p, (pj, j) => pj * (dp[j]! - drow));
        if (dMask !== 0) view(dMask + (bh * tq + i) * tk * bytes, tk).set(dLogits);
        for (let j = 0; j < tk; j++) {
          const ds = dLogits[j]! * scale;
          if (ds === 0) continue;
          const ko = off(G.K, b, j, hk), dKj = dK[(b * hkv + hk) * tk + j]!;
          for (let e = 0; e < d; e++) {
            dQ[e]! += ds * x.k[ko + e]!;
            dKj[e]! += ds * x.q[qo + e]!;
          }
        }
        view(dq + off(G.DQ, b, i, h) * bytes, d).set(dQ);
      }
    }
    for (let hk = 0; hk < hkv; hk++) {
      if (!inRange(b * hkv + hk, first, count)) continue;
      for (let j = 0; j < tk; j++) {
        view(dk + off(G.DK, b, j, hk) * bytes, d).set(dK[(b * hkv + hk) * tk + j]!);
        view(dvOut + off(G.DVAL, b, j, hk) * bytes, dv).set(dV[(b * hkv + hk) * tk + j]!);
      }
    }
  }
  void o;
  void lse;
}

export function attentionReference(heap: Heap): AttentionKernels {
  const f32: ViewOf = Object.assign((p: number, n: number) => heap.f32(p, n), { bytes: 4 as const });
  const f64: ViewOf = Object.assign((p: number, n: number) => heap.f64(p, n), { bytes: 8 as const });
  return {
    attention_f32: (geom, first, count, q, k, v, o, lse, mask, keyPad, layout, scale, dropout, seed) =>
      forward(heap, f32, geom, first, count, q, k, v, o, lse, mask, keyPad, layout, Math.fround(scale), Math.fround(dropout), seed),
    attention_backward_f32: (geom, first, count, q, k, v, o, lse, dO, dq, dk, dv, dMask, mask, keyPad, layout, scale, dropout, seed) =>
      backward(heap, f32, geom, first, count, q, k, v, o, lse, dO, dq, dk, dv, dMask, mask, keyPad, layout, Math.fround(scale), Math.fround(dropout), seed),
    attention_f64: (geom, q, k, v, o, lse, mask, keyPad, layout, scale, dropout, seed) =>
      forward(heap, f64, geom, 0, 0x7fffffff, q, k, v, o, lse, mask, keyPad, layout, scale, dropout, seed),
    attention_backward_f64: (geom, q, k, v, o, lse, dO, dq, dk, dv, dMask, mask, keyPad, layout, scale, dropout, seed) =>
      backward(heap, f64, geom, 0, 0x7fffffff, q, k, v, o, lse, dO, dq, dk, dv, dMask, mask, keyPad, layout, scale, dropout, seed),
  };
}
