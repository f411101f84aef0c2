// Machine-limit probes for the `limits` suite (AssemblyScript, compiled by the suite at run time).
// Each loop does the least work that still has the shape of a Neurite kernel, so its throughput is
// what that kernel could reach at best on this machine with V8's code generation.

/** 16 dependent one-cycle integer operations per iteration: iterations * 16 / time ~ the clock. */
export function clock_chain(n: i32, x: i32, y: i32): i32 {
  for (let i = 0; i < n; i++) {
    x = x + y; y = y ^ x; x = x + y; y = y ^ x; x = x + y; y = y ^ x; x = x + y; y = y ^ x;
    x = x + y; y = y ^ x; x = x + y; y = y ^ x; x = x + y; y = y ^ x; x = x + y; y = y ^ x;
  }
  return x + y;
}

/** The plain-SIMD GEMM micro-kernel's arithmetic without its memory: a 4x8 tile, mul then add. */
export function muladd_4x8(reps: i32, p: usize): f32 {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const b0 = v128.load(p), b1 = v128.load(p, 16);
  for (let r = 0; r < reps; r++) {
    let a = v128.load32_splat(p, 32);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(p, 36);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(p, 40);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(p, 44);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
  }
  const s = f32x4.add(f32x4.add(f32x4.add(c00, c01), f32x4.add(c10, c11)), f32x4.add(f32x4.add(c20, c21), f32x4.add(c30, c31)));
  return f32x4.extract_lane(s, 0);
}

/** The streams of a fused Adam step without its arithmetic: read p, g, m, v; write p, m, v. */
export function stream_4r3w(n: i32, p: usize, g: usize, m: usize, v: usize): void {
  for (let i = 0; i < n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    v128.store(p + o, f32x4.add(v128.load(p + o), gi));
    v128.store(m + o, f32x4.add(v128.load(m + o), gi));
    v128.store(v + o, f32x4.add(v128.load(v + o), gi));
  }
}
