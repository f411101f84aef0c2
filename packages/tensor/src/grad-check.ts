// gradCheck: checks an op's analytic gradient two ways.
//  1. On the float64 path (inputs cast to float64, every op runs in TypeScript double precision):
//     the analytic gradient against central finite differences (TESTING.md: eps 1e-6, atol 1e-5,
//     rtol 1e-3).
//  2. The float32 path (the real kernels) analytic gradient against the float64 analytic gradient
//     (rtol 1e-3, atol 1e-4).
// A non-scalar output is projected to a scalar with fixed seeded weights in [0.5, 1.5), so every
// output element's gradient takes part.
import { noGrad } from './autograd/record.ts';
import { ShapeError } from './errors.ts';
import { cast } from './ops/copy.ts';
import { mul } from './ops/elementwise.ts';
import { sum } from './ops/reduce.ts';
import { Generator } from './random/generator.ts';
import { scope } from './scope.ts';
import { checkTensors, emptyTensor, type Tensor } from './tensor.ts';
import { checkArray, checkFlag, checkFunction, checkInteger, optionalNumber, optionsOf } from './validate.ts';

export interface GradCheckOptions {
  /** Finite-difference step on the float64 path (default 1e-6). */
  eps?: number;
  /** Finite differences vs the float64 analytic gradient (defaults 1e-5 and 1e-3). */
  atol?: number;
  rtol?: number;
  /** float32 analytic vs float64 analytic gradient (defaults 1e-4 and 1e-3). */
  atol32?: number;
  rtol32?: number;
  /** Indices of the inputs to differentiate (default: every float input). */
  wrt?: readonly number[];
  /** Skip the float32 comparison (e.g. for an op with no float32 kernel). */
  skipFloat32?: boolean;
  /** Seed of the projection weights (default 1). */
  seed?: number;
}

export interface GradCheckReport {
  /** Largest |numeric - analytic64| - (atol + rtol |numeric|) seen (<= 0 passes). */
  worstExcess64: number;
  /** Largest |analytic32 - analytic64| - (atol32 + rtol32 |analytic64|). */
  worstExcess32: number;
  /** Elements checked by finite differences. */
  elements: number;
}

function excess(a: number, e: number, atol: number, rtol: number): number {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e) ? -1 : Infinity;
  return Math.abs(a - e) - (atol + rtol * Math.abs(e));
}

/** Throws an Error describing the worst mismatch; returns a report when both checks pass. */
export function gradCheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options?: GradCheckOptions): GradCheckReport {
  checkFunction(fn, 'gradCheck: fn');
  checkTensors(inputs, 'gradCheck: inputs');
  const o = optionsOf(options, 'gradCheck');
  const positive = (v: unknown, fallback: number, name: string) => optionalNumber(v, fallback, `gradCheck: ${name}`, { finite: true, min: 0 });
  const eps = positive(o.eps, 1e-6, 'eps');
  const atol = positive(o.atol, 1e-5, 'atol'), rtol = positive(o.rtol, 1e-3, 'rtol');
  const atol32 = positive(o.atol32, 1e-4, 'atol32'), rtol32 = positive(o.rtol32, 1e-3, 'rtol32');
  const skipFloat32 = checkFlag(o.skipFloat32, false, 'gradCheck: skipFloat32');
  const seed = optionalNumber(o.seed, 1, 'gradCheck: seed', { finite: true });
  const wrt = o.wrt === undefined
    ? inputs.map((t, i) => (t.dtype === 'int32' ? -1 : i)).filter((i) => i >= 0)
    : checkArray(o.wrt, 'gradCheck: wrt').map((i, k) => checkInteger(i, `gradCheck: wrt[${k}]`, 0, inputs.length - 1));
  for (const i of wrt) {
    if (inputs[i] === undefined || inputs[i]!.dtype === 'int32') throw new ShapeError(`gradCheck: input ${i} is not a float tensor`);
  }
  return scope(() => {
    const as64 = (t: Tensor) => (t.dtype === 'int32' ? t : cast(t, 'float64'));
    const x64 = inputs.map(as64);
    const probe = noGrad(() => fn(...x64));
    const g = new Generator(seed);
    const w64 = emptyTensor(probe.shape, 'float64', 'gradCheck');
    const wv = w64.view();
    for (let i = 0; i < wv.length; i++) wv[i] = 0.5 + g.random();
    const w32 = cast(w64, 'float32');
    const loss = (xs: Tensor[], w: Tensor) => {
      const y = fn(...xs);
      const p = mul(y, w);
      const s = sum(p);
      y.dispose();
      p.dispose();
      return s;
    };
    // Analytic gradients (float64 and float32).
    const analytic = (xs: Tensor[], w: Tensor): (Float64Array | null)[] =>
      scope(() => {
        const leaves = xs.map((t, i) => (wrt.includes(i) ? t.detach().setRequiresGrad(true) : t));
        loss(leaves, w).backward();
        return leaves.map((l, i) => (wrt.includes(i) ? Float64Array.from(l.grad?.toArray() ?? new Float64Array(l.size)) : null));
      });
    const grad64 = analytic(x64, w64);
    // Central differences on the float64 path.
    let worst64 = -Infinity, elements = 0, where64 = '';
    noGrad(() => {
      for (const i of wrt) {
        const x = x64[i]!;
        for (let j = 0; j < x.size; j++) {
          const original = x.view()[j]!;
          x.view()[j] = original + eps;
          const plus = scope(() => loss(x64, w64).item());
          x.view()[j] = original - eps;
          const minus = scope(() => loss(x64, w64).item());
          x.view()[j] = original;
          const numeric = (plus - minus) / (2 * eps);
          const e = excess(grad64[i]![j]!, numeric, atol, rtol);
          elements++;
          if (e > worst64) {
            worst64 = e;
            where64 = `input ${i} element ${j}: analytic ${grad64[i]![j]}, numeric ${numeric}`;
          }
        }
      }
    });
    if (worst64 > 0) throw new Error(`gradCheck (float64 path, eps ${eps}, atol ${atol}, rtol ${rtol}): ${where64}`);
    let worst32 = -Infinity, where32 = '';
    if (!skipFloat32) {
      const x32 = inputs.map((t) => (t.dtype === 'float32' || t.dtype === 'int32' ? t : cast(t, 'float32')));
      const grad32 = analytic(x32, w32);
      for (const i of wrt) {
        for (let j = 0; j < grad64[i]!.length; j++) {
          const e = excess(grad32[i]![j]!, grad64[i]![j]!, atol32, rtol32);
          if (e > worst32) {
            worst32 = e;
            where32 = `input ${i} element ${j}: float32 ${grad32[i]![j]}, float64 ${grad64[i]![j]}`;
          }
        }
      }
      if (worst32 > 0) throw new Error(`gradCheck (float32 kernels vs float64 reference, atol ${atol32}, rtol ${rtol32}): ${where32}`);
    }
    return { worstExcess64: worst64, worstExcess32: worst32, elements };
  });
}
