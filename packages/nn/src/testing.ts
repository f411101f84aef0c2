// Shared test helpers of @neurite/nn (the `@neurite/nn/testing` subpath).
import type { Tensor } from '@neurite/tensor';
import { gradCheck, type GradCheckOptions, type GradCheckReport } from '@neurite/tensor/testing';
import type { ForwardOptions, Module } from './module/module.ts';

/**
 * gradCheck of a module: differentiates `module.forward(input, forwardOptions)` with respect to the input
 * (float ones, unless `inputsToo` is false) and every parameter, substituting the parameters
 * through `withParameters` (float64 reference path and float32 kernels, TESTING.md tolerances).
 */
export function gradCheckModule(
  module: Module,
  inputs: readonly [Tensor],
  options: GradCheckOptions & { inputsToo?: boolean; forwardOptions?: ForwardOptions } = {},
): GradCheckReport {
  const named = module.namedParameters();
  const all = [...inputs, ...named.map(([, p]) => p)];
  const inputsToo = options.inputsToo ?? true;
  const wrt = options.wrt ?? all.map((t, i) => (t.dtype === 'int32' || (!inputsToo && i < inputs.length) ? -1 : i)).filter((i) => i >= 0);
  return gradCheck(
    (...xs: Tensor[]) => module.withParameters(new Map(named.map(([name], i) => [name, xs[inputs.length + i]!])), () => module.forward(xs[0]!, options.forwardOptions)),
    all,
    { ...options, wrt },
  );
}
