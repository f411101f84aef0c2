// What this machine allows: small AssemblyScript probes (probes/, compiled here) that do a Neurite
// kernel's arithmetic without its memory traffic, or its memory traffic without its arithmetic,
// timed beside the kernel itself. The ratio column `neurite / limit` is the kernel's efficiency.
// Targets written for another machine translate through these limits (BENCHMARKS.md's anchors
// were measured on a core with four vector pipes; a core with three has a lower plain-SIMD peak).
import asc from 'assemblyscript/asc';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { adamStep, detectFeatures, gemm, softmax } from '@neurite/kernels';
import { disposeBackends, neuriteBackends } from '../lib/backends.mjs';
import { createSuite, seededArray } from '../lib/harness.mjs';

const GEMM_N = 512, ADAM_N = 10_000_000, SOFTMAX_N = 1024, EXP_ROW = 1024;
const require = createRequire(import.meta.url);

/** The probe's source, with the kernels' AssemblyScript files it imports (by their file names). */
function probeSources(file, kernelFiles) {
  const sources = { [file]: readFileSync(new URL(`../probes/${file}`, import.meta.url), 'utf8') };
  for (const name of kernelFiles) sources[name] = readFileSync(require.resolve(`@neurite/kernels/assembly/${name}`), 'utf8');
  return sources;
}

/** Compiles a probe onto its own memory of 64 KiB + `bytes` (the probes read from byte 65536 on). */
async function compileProbe(file, enable, bytes, kernelFiles = []) {
  const { error, binary, stderr } = await asc.compileString(probeSources(file, kernelFiles), {
    optimizeLevel: 3, runtime: 'stub', importMemory: true, noAssert: true, use: ['abort='], enable,
  });
  if (error) throw new Error(`${file}: ${stderr.toString()}`);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((bytes + 65536) / 65536) + 1 });
  const { instance } = await WebAssembly.instantiate(binary, { env: { memory } });
  new Float32Array(memory.buffer).fill(0.5);
  // view(): the floats from byte 65536 on, where the probes read their inputs.
  return { ...instance.exports, view: () => new Float32Array(memory.buffer, 65536) };
}

// A read-only stream (what a decode step does to its weights): the memory in four quarters read side
// by side (four streams, as the GPT-2 decode step's four Conv1D rows per pass; one stream alone reads
// about a third slower here), f32x4 sums.
const READ_STREAM_SOURCE = `
export function stream_read(quarterBytes: i32, p: usize): f32 {
  const quarter = <usize>quarterBytes;
  let p1 = p + quarter, p2 = p1 + quarter, p3 = p2 + quarter;
  const end = p1;
  let a = f32x4.splat(0), b = f32x4.splat(0), c = f32x4.splat(0), d = f32x4.splat(0);
  while (p < end) {
    a = f32x4.add(a, v128.load(p));
    b = f32x4.add(b, v128.load(p1));
    c = f32x4.add(c, v128.load(p2));
    d = f32x4.add(d, v128.load(p3));
    p += 16; p1 += 16; p2 += 16; p3 += 16;
  }
  return f32x4.extract_lane(f32x4.add(f32x4.add(a, b), f32x4.add(c, d)), 0);
}`;

/**
 * Memory bandwidth of one thread reading `bytes` (a multiple of 64, far beyond the last-level cache)
 * once per pass, in
 * GB/s: the median of `passes` passes by CPU time (process.cpuUsage) and by the wall clock. The
 * generate suite divides a cached decode's weight bytes per second by it in the same sitting.
 */
export async function readBandwidth(bytes = 256 * 2 ** 20, passes = 7) {
  const { error, binary, stderr } = await asc.compileString({ 'stream-read.ts': READ_STREAM_SOURCE }, {
    optimizeLevel: 3, runtime: 'stub', importMemory: true, noAssert: true, use: ['abort='], enable: ['simd'],
  });
  if (error) throw new Error(`stream-read: ${stderr.toString()}`);
  const memory = new WebAssembly.Memory({ initial: Math.ceil((bytes + 65536) / 65536) + 1 });
  const { instance } = await WebAssembly.instantiate(binary, { env: { memory } });
  new Float32Array(memory.buffer).fill(0.5);
  const quarterBytes = bytes / 4;
  instance.exports.stream_read(quarterBytes, 65536);
  const cpu = [], wall = [];
  for (let i = 0; i < passes; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    instance.exports.stream_read(quarterBytes, 65536);
    const c = process.cpuUsage(c0);
    wall.push(bytes / ((performance.now() - t0) / 1000) / 1e9);
    cpu.push(bytes / ((c.user + c.system) / 1e6) / 1e9);
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  return { cpu: median(cpu), wall: median(wall) };
}

/**
 * The register-only arithmetic probes of one thread, as the GEMM rows below measure them: plain
 * SIMD's mul+add on a 4x8 tile (`plain`) and, where the engine has relaxed SIMD, the fused
 * multiply-add on a 6x8 tile (`relaxed`); each { run, gflop }: run() does gflop GFLOP in registers.
 * The generate suite times them in turns with the GPT-2 prefill.
 */
export async function arithmeticProbes(reps = 4e6) {
  const plain = await compileProbe('limits.ts', ['simd'], 64);
  const probes = { plain: { run: () => plain.muladd_4x8(reps, 65536), gflop: (reps * 64) / 1e9 } };
  if (detectFeatures().relaxedSimd) {
    const relaxed = await compileProbe('limits-relaxed.ts', ['simd', 'relaxed-simd'], 64);
    probes.relaxed = { run: () => relaxed.fma_6x8(reps, 65536), gflop: (reps * 96) / 1e9 };
  }
  for (const probe of Object.values(probes)) probe.run();
  return probes;
}

export async function run() {
  const suite = createSuite('limits');
  const backends = await neuriteBackends();
  const probe = await compileProbe('limits.ts', ['simd'], 4 * ADAM_N * 4);
  const relaxedProbe = backends['neurite-relaxed'] ? await compileProbe('limits-relaxed.ts', ['simd', 'relaxed-simd'], 64) : undefined;
  const expFiles = ['exp-neg.ts', 'math.ts'];
  const expProbes = { neurite: await compileProbe('exp-sum.ts', ['simd'], EXP_ROW * 4, expFiles) };
  if (relaxedProbe !== undefined) expProbes['neurite-relaxed'] = await compileProbe('exp-sum.ts', ['simd', 'relaxed-simd'], EXP_ROW * 4, expFiles);

  const chainIters = 5e7;
  await suite.compare('clock (16 dependent integer ops per iteration)', {
    unit: 'GHz', work: (chainIters * 16) / 1e9, impls: { limit: () => probe.clock_chain(chainIters, 1, 2) },
  });

  const gemmWork = (2 * GEMM_N ** 3) / 1e9;
  const gemmImpls = {};
  for (const [impl, backend] of Object.entries(backends)) {
    const size = GEMM_N * GEMM_N;
    const [a, b, c] = [1, 2, 3].map((seed) => { const p = backend.heap.alloc(size * 4); backend.heap.f32(p, size).set(seededArray(size, seed)); return p; });
    gemmImpls[impl] = () => gemm(backend, { m: GEMM_N, n: GEMM_N, k: GEMM_N, a, b, c });
  }
  const reps = 4e6;
  await suite.compare(`GEMM ${GEMM_N}^3 / plain SIMD mul+add peak (4x8 tile in registers)`, {
    unit: 'GFLOP/s', work: gemmWork, impls: { neurite: gemmImpls.neurite },
  });
  await suite.compare(`GEMM ${GEMM_N}^3 / plain SIMD mul+add peak (4x8 tile in registers)`, {
    unit: 'GFLOP/s', work: (reps * 64) / 1e9, impls: { limit: () => probe.muladd_4x8(reps, 64) },
  });
  if (relaxedProbe !== undefined) {
    await suite.compare(`GEMM ${GEMM_N}^3 / relaxed SIMD fused multiply-add peak (6x8 tile in registers)`, {
      unit: 'GFLOP/s', work: gemmWork, impls: { 'neurite-relaxed': gemmImpls['neurite-relaxed'] },
    });
    await suite.compare(`GEMM ${GEMM_N}^3 / relaxed SIMD fused multiply-add peak (6x8 tile in registers)`, {
      unit: 'GFLOP/s', work: (reps * 96) / 1e9, impls: { limit: () => relaxedProbe.fma_6x8(reps, 64) },
    });
  }

  const adamImpls = {};
  for (const [impl, backend] of Object.entries(backends)) {
    const [param, grad, m, v] = [1, 2, 0, 0].map((seed) => { const p = backend.heap.alloc(ADAM_N * 4); const f = backend.heap.f32(p, ADAM_N); if (seed) f.set(seededArray(ADAM_N, seed)); else f.fill(0); return p; });
    let t = 0;
    adamImpls[impl] = () => adamStep(backend, { n: ADAM_N, param, grad, m, v, lr: 1e-3, decoupled: false, step: ++t });
  }
  const base = 65536, bytes = ADAM_N * 4;
  adamImpls.limit = () => probe.stream_4r3w(ADAM_N, base, base + bytes, base + 2 * bytes, base + 3 * bytes);
  await suite.compare(`Adam ${ADAM_N / 1e6}M params, 1 thread / its memory streams (read 4, write 3)`, {
    unit: 'G params/s', work: ADAM_N / 1e9, impls: adamImpls, time: 800,
  });

  // Softmax beside its exponential alone, per build: d = x - max lies in [-16, 0] like the logits here.
  for (const [impl, backend] of Object.entries(backends)) {
    const n = SOFTMAX_N * SOFTMAX_N;
    const x = backend.heap.alloc(n * 4), y = backend.heap.alloc(n * 4);
    backend.heap.f32(x, n).set(seededArray(n, 7, -8, 8));
    const probe = expProbes[impl];
    const reps = 2000;
    const row = seededArray(EXP_ROW, 8, -16, 0);
    probe.view().set(row);
    await suite.compare(`softmax ${SOFTMAX_N}x${SOFTMAX_N} / its exponential alone (${impl === 'neurite' ? 'plain' : 'relaxed'} SIMD, L1-resident row)`, {
      unit: 'G elements/s', work: n / 1e9, impls: { [impl]: () => softmax(backend, x, SOFTMAX_N, SOFTMAX_N, { out: y }) },
    });
    await suite.compare(`softmax ${SOFTMAX_N}x${SOFTMAX_N} / its exponential alone (${impl === 'neurite' ? 'plain' : 'relaxed'} SIMD, L1-resident row)`, {
      unit: 'G elements/s', work: (EXP_ROW * reps) / 1e9, impls: { limit: () => probe.exp_sum(65536, EXP_ROW, reps) },
    });
  }

  const read = await readBandwidth();
  suite.record({ case: 'read stream 256 MiB, 1 thread (CPU time)', impl: 'limit', unit: 'GB/s', value: read.cpu, median_ms: ((2 ** 28) / (read.cpu * 1e9)) * 1000 });
  suite.record({ case: 'read stream 256 MiB, 1 thread (wall clock)', impl: 'limit', unit: 'GB/s', value: read.wall, median_ms: ((2 ** 28) / (read.wall * 1e9)) * 1000 });

  await disposeBackends(backends);
  return suite.finish();
}
