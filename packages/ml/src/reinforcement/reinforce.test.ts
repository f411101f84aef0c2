import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, init, memory } from '@neurite/tensor';
import { FitAbortedError } from '../base/estimator.ts';
import { CartPole } from './cart-pole.ts';
import { ReinforceAgent } from './reinforce.ts';

beforeAll(async () => {
  await init();
});

describe('ReinforceAgent on CartPole (small budget; examples/cartpole solves it)', () => {
  it('learns: the last 20 of 60 episodes return at least twice the first 20, without leaking tensors', () => {
    const before = memory().liveTensors;
    const agent = new ReinforceAgent(4, 2, { seed: 0 });
    const curve = agent.train(new CartPole({ seed: 1 }), 60);
    const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(curve).toHaveLength(60);
    expect(mean(curve.slice(-20))).toBeGreaterThan(2 * mean(curve.slice(0, 20)));
    const p = agent.probabilities([0, 0, 0.05, 0]);
    expect(p[0]! + p[1]!).toBeCloseTo(1, 6);
    agent.dispose();
    expect(memory().liveTensors).toBe(before);
  });

  it('is reproducible from its seeds, stops on its solved criterion and aborts', () => {
    const run = (): number[] => {
      const agent = new ReinforceAgent(4, 2, { seed: 3, hidden: 16 });
      const curve = agent.train(new CartPole({ seed: 2 }), 8);
      agent.dispose();
      return curve;
    };
    expect(run()).toEqual(run());
    const agent = new ReinforceAgent(4, 2, { seed: 3, hidden: 16 });
    expect(agent.train(new CartPole({ seed: 2 }), 50, { solved: { window: 3, threshold: 1 } })).toHaveLength(3);
    const controller = new AbortController();
    expect(() => agent.train(new CartPole(), 10, { signal: controller.signal, onProgress: (e) => e.done === 2 && controller.abort() })).toThrow(FitAbortedError);
    expect(() => agent.probabilities([1, 2])).toThrow(/4/);
    agent.dispose();
    expect(() => new ReinforceAgent(4, 1)).toThrow(ArgumentError);
  });
});
