// Workspace sizes of the GEMM kernels: no imports, so the thread pool can size its parts
// without depending on the wrappers.

// Mirrors the workspace contract of assembly/gemm.ts (MC, KC, NC, SMALL_CHUNK).
const MC = 144, KC = 256, NC = 512, SMALL_CHUNK = 2048;

/** Floats of packing workspace that gemm_f32 needs for one [m, n, k] problem. */
export function gemmWorkspaceFloats(m: number, n: number, k: number): number {
  const kc = Math.min(k, KC);
  const packed = Math.ceil(((Math.min(m, MC) + 12) * kc + 4) / 4) * 4 + kc * (Math.min(n, NC) + 12);
  const small = m <= 8 ? 8 * SMALL_CHUNK + m * k : 0;
  return 256 + Math.max(packed, small);
}

// Mirrors the workspace contract of assembly/gemm-f64.ts (MC64, KC64, NC64; TILE_BYTES = 128
// doubles; SMALL_ROWS64 x SMALL_CHUNK64 accumulators in gemm-f64-small.ts).
const MC64 = 96, KC64 = 256, NC64 = 512, SMALL_ROWS64 = 4, SMALL_CHUNK64 = 1024;

/** Doubles of packing workspace that gemm_f64 needs for one [m, n, k] problem. */
export function gemmF64WorkspaceDoubles(m: number, n: number, k: number): number {
  const kc = Math.min(k, KC64);
  const a = (Math.min(m, MC64) + 12) * kc;
  const small = m <= SMALL_ROWS64 ? SMALL_ROWS64 * SMALL_CHUNK64 + m * k : 0;
  return 128 + Math.max(a + (a & 1) + kc * (Math.min(n, NC64) + 12), small);
}

/** Bytes of GEMM workspace for one [m, n, k] problem of `bytes`-byte elements (4: float32, 8: float64). */
export function gemmWorkspaceBytes(bytes: 4 | 8, m: number, n: number, k: number): number {
  return bytes === 8 ? gemmF64WorkspaceDoubles(m, n, k) * 8 : gemmWorkspaceFloats(m, n, k) * 4;
}

/** Bytes of workspace pairwise_sqdist_<dtype> needs (assembly/pairwise.ts): Y's norms, then an [m, n, d] GEMM's. */
export function pairwiseWorkspaceBytes(bytes: 4 | 8, m: number, n: number, d: number): number {
  return Math.ceil((n * bytes) / 16) * 16 + gemmWorkspaceBytes(bytes, m, n, d);
}
