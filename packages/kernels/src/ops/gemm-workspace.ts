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
