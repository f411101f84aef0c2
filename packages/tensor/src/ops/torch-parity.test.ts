// einsum, sort, topk and norm against PyTorch: fixtures/torch-ops.json is written by
// fixtures/torch-ops.py (its producer and version are in the file). Each case checks the output of
// the float64 and float32 paths and the gradients of sum(output * w) on the float64 path.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cast, init, mul, scope, sum, type Tensor, tensor } from '../index.ts';
import { expectClose, expectNoLeak } from '../testing.ts';
import { einsum } from './einsum.ts';
import { norm, type NormOptions } from './norm.ts';
import { sort, topk } from './sort.ts';

interface Case {
  inputs: { shape: number[]; data: number[] }[];
  output: { shape: number[]; data: number[] };
  weights: number[];
  grads: number[][];
  equation?: string;
  options?: Record<string, unknown>;
  indices?: number[];
  k?: number;
}

const fixtures = JSON.parse(readFileSync(new URL('./fixtures/torch-ops.json', import.meta.url), 'utf8')) as Record<string, Case[]> & { producer: string };

beforeAll(async () => {
  await init();
});

const f64 = (data: number[], shape: number[]) => tensor(Float64Array.from(data), shape);

/** Runs `fn` on the case's inputs in float64 (with gradients) and float32, comparing with PyTorch. */
function check(c: Case, fn: (...xs: Tensor[]) => Tensor): void {
  expectNoLeak(() => scope(() => {
    const xs = c.inputs.map((i) => f64(i.data, i.shape).setRequiresGrad(true));
    const y = fn(...xs);
    const expected = f64(c.output.data, c.output.shape);
    expectClose(y, expected, { atol: 1e-12, rtol: 1e-10 });
    sum(mul(y, f64(c.weights, c.output.shape))).backward();
    xs.forEach((x, i) => expectClose(x.grad!, f64(c.grads[i]!, x.shape.slice()), { atol: 1e-12, rtol: 1e-10 }));
    const y32 = fn(...c.inputs.map((i) => tensor(Float32Array.from(i.data), i.shape)));
    expectClose(y32, cast(expected, 'float32'), { atol: 1e-5 * Math.sqrt(Math.max(1, ...c.inputs.map((i) => i.data.length))), rtol: 1e-4 });
  }));
}

describe(`parity with ${fixtures.producer}`, () => {
  it.each(fixtures.einsum!.map((c) => [c.equation!, c]))('einsum %s', (equation, c) => check(c as Case, (...xs) => einsum(equation as string, ...xs)));

  it.each(fixtures.sort!.map((c) => [JSON.stringify(c.options), c]))('sort %s', (_, c) => {
    const { dim, descending } = (c as Case).options as { dim: number; descending: boolean };
    check(c as Case, (x) => sort(x, { dim, descending }).values);
    scope(() => expect(Array.from(sort(f64((c as Case).inputs[0]!.data, (c as Case).inputs[0]!.shape), { dim, descending }).indices.toArray())).toEqual((c as Case).indices));
  });

  it.each(fixtures.topk!.map((c) => [`k=${c.k} ${JSON.stringify(c.options)}`, c]))('topk %s', (_, c) => {
    const { dim, largest } = (c as Case).options as { dim: number; largest: boolean };
    const k = (c as Case).k!;
    check(c as Case, (x) => topk(x, k, { dim, largest }).values);
    scope(() => expect(Array.from(topk(f64((c as Case).inputs[0]!.data, (c as Case).inputs[0]!.shape), k, { dim, largest }).indices.toArray())).toEqual((c as Case).indices));
  });

  it.each(fixtures.norm!.map((c) => [JSON.stringify(c.options), c]))('norm %s', (_, c) => {
    const o = { ...(c as Case).options } as Record<string, unknown>;
    if (typeof o.p === 'string' && o.p !== 'fro') o.p = Number(o.p);
    if (o.dim === null) delete o.dim;
    check(c as Case, (x) => norm(x, o as NormOptions));
  });
});
