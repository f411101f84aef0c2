import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, Generator, init, memory } from '@neurite/tensor';
import { FitAbortedError } from '../base/estimator.ts';
import { CartPole } from './cart-pole.ts';
import { DqnAgent } from './dqn.ts';
import type { Environment, StepResult } from './environment.ts';
import { ReplayBuffer } from './replay-buffer.ts';

beforeAll(async () => {
  await init();
});

/**
 * A two-state chain: from state 0 ([1, 0]) either action leads to state 1 ([0, 1]) with reward 0;
 * in state 1 action a pays a and ends the episode (terminated), or, with `truncateAt1`, the episode
 * is cut by a time limit on arriving in state 1 (truncated, reward 0).
 */
class Chain implements Environment<number[]> {
  readonly observationSpace = { kind: 'box' as const, low: [0, 0], high: [1, 1] };
  readonly actionSpace = { kind: 'discrete' as const, n: 2 };
  private state = 0;
  reset(): { observation: number[]; info: Record<string, unknown> } {
    this.state = 0;
    return { observation: [1, 0], info: {} };
  }
  step(action: number): StepResult<number[]> {
    if (this.state === 0) {
      this.state = 1;
      return { observation: [0, 1], reward: 0, terminated: false, truncated: false, info: {} };
    }
    return { observation: [0, 1], reward: action, terminated: true, truncated: false, info: {} };
  }
}

describe('ReplayBuffer', () => {
  it('keeps the newest transitions in a ring, grows its storage as it fills and samples from a seeded generator', () => {
    const small = new ReplayBuffer(3, 1);
    for (let i = 0; i < 5; i++) small.add([i], i % 2, i, [i + 1], i === 4);
    expect(small.size).toBe(3);
    const seen = new Set(small.sample(200, new Generator(0)).observations);
    expect([...seen].sort()).toEqual([2, 3, 4]);

    const big = new ReplayBuffer(5000, 2);
    for (let i = 0; i < 3000; i++) big.add([i, -i], 1, 0.5, [i + 1, -i - 1], false);
    expect(big.size).toBe(3000);
    const a = big.sample(64, new Generator(9)), b = big.sample(64, new Generator(9));
    expect(a).toEqual(b);
    for (let r = 0; r < 64; r++) {
      const o = a.observations[2 * r]!;
      expect(a.observations[2 * r + 1]).toBe(-o);
      expect(a.nextObservations[2 * r]).toBe(o + 1);
      expect(a.rewards[r]).toBe(0.5);
      expect(a.terminated[r]).toBe(0);
    }
  });

  it('validates before storing', () => {
    expect(() => new ReplayBuffer(0, 4)).toThrow(ArgumentError);
    expect(() => new ReplayBuffer(10, 1.5)).toThrow(ArgumentError);
    const buffer = new ReplayBuffer(4, 2);
    expect(() => buffer.sample(1, new Generator(0))).toThrow(/empty/);
    expect(() => buffer.add([1], 0, 0, [1, 2], false)).toThrow(/2 values/);
    expect(() => buffer.add([1, 2], -1, 0, [1, 2], false)).toThrow(/action/);
    expect(() => buffer.add([1, 2], 0, NaN, [1, 2], false)).toThrow(/reward/);
    expect(buffer.size).toBe(0);
  });
});

describe('DqnAgent', () => {
  const chainAgent = (seed: number): DqnAgent =>
    new DqnAgent(2, 2, { hidden: [16], learningRate: 1e-2, discount: 0.9, learningStarts: 20, trainFrequency: 1, targetUpdateInterval: 20, batchSize: 16, explorationFraction: 0.5, seed });

  it('learns Q values: r at a terminal step, discount x max Q of the next state before it (no bootstrapping past termination)', () => {
    const before = memory().liveTensors;
    const agent = chainAgent(0);
    const curve = agent.train(new Chain(), 1200);
    expect(curve.length).toBe(600);
    const q0 = agent.qValues([1, 0]), q1 = agent.qValues([0, 1]);
    expect(q1[1]).toBeCloseTo(1, 1);
    expect(q1[0]).toBeCloseTo(0, 1);
    expect(q0[0]).toBeCloseTo(0.9, 1);
    expect(q0[1]).toBeCloseTo(0.9, 1);
    expect(agent.act([0, 1])).toBe(1);
    expect(agent.updates).toBe(1200 - 20);
    expect(agent.epsilon).toBeCloseTo(0.05, 2);
    agent.dispose();
    expect(memory().liveTensors).toBe(before);
  });

  it('is reproducible from its seed (exploration, minibatches and initial weights)', () => {
    const run = (seed: number): { curve: number[]; q: number[] } => {
      const agent = chainAgent(seed);
      const curve = agent.train(new Chain(), 300);
      const q = [...agent.qValues([1, 0])];
      agent.dispose();
      return { curve, q };
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4).q).not.toEqual(a.q);
  });

  it('evaluates greedily on a separate environment, stops at a threshold, reports progress and aborts', () => {
    const agent = chainAgent(1);
    const stages = new Set<string>();
    agent.train(new Chain(), 2000, { evaluate: { env: new Chain(), every: 100, episodes: 3, threshold: 1 }, onProgress: (e) => stages.add(e.stage) });
    expect(agent.evaluations.length).toBeGreaterThan(0);
    expect(agent.evaluations.length).toBeLessThan(20);
    expect(agent.evaluations.at(-1)!.meanReturn).toBe(1);
    expect(agent.evaluations.map((e) => e.step)).toEqual(agent.evaluations.map((_, i) => 100 * (i + 1)));
    expect([...stages].sort()).toEqual(['dqn', 'dqn evaluation']);
    expect(agent.evaluate(new Chain(), 2)).toBe(1);
    const controller = new AbortController();
    expect(() => agent.train(new Chain(), 100, { signal: controller.signal, onProgress: (e) => e.done >= 10 && controller.abort() })).toThrow(FitAbortedError);
    agent.dispose();
  });

  it('validates its options, the environment and the observations before allocating', () => {
    const before = memory().liveTensors;
    expect(() => new DqnAgent(0, 2)).toThrow(ArgumentError);
    expect(() => new DqnAgent(4, 1)).toThrow(/nActions/);
    expect(() => new DqnAgent(4, 2, { hidden: [0] })).toThrow(/hidden\[0\]/);
    expect(() => new DqnAgent(4, 2, { learningRate: 0 })).toThrow(/learningRate/);
    expect(() => new DqnAgent(4, 2, { discount: 1.5 })).toThrow(/discount/);
    expect(() => new DqnAgent(4, 2, { tau: 0 })).toThrow(/tau/);
    expect(() => new DqnAgent(4, 2, { learningStarts: -1 })).toThrow(/learningStarts/);
    expect(() => new DqnAgent(4, 2, { epsilonEnd: 2 })).toThrow(/epsilonEnd/);
    expect(() => new DqnAgent(4, 2, { doubleDqn: 1 as unknown as boolean })).toThrow(/doubleDqn/);
    expect(() => new DqnAgent(4, 2, { seed: 0.5 })).toThrow(/seed/);
    expect(memory().liveTensors).toBe(before);
    const agent = new DqnAgent(4, 2, { hidden: [8], seed: 0 });
    const env = new CartPole({ seed: 0 });
    expect(() => agent.train(env, 0)).toThrow(/totalSteps/);
    expect(() => agent.train(env, 10, { evaluate: { env, every: 5 } })).toThrow(/another environment/);
    expect(() => agent.train(env, 10, { evaluate: { env: new CartPole(), every: 0 } })).toThrow(/every/);
    expect(() => agent.qValues([1, 2])).toThrow(/4/);
    expect(() => agent.act([0, 0, 0, 0], 2)).toThrow(/epsilon/);
    agent.dispose();
  });

  it('double DQN and soft target updates (tau < 1) learn the same chain', () => {
    const agent = new DqnAgent(2, 2, { hidden: [16], learningRate: 1e-2, discount: 0.9, learningStarts: 20, trainFrequency: 1, targetUpdateInterval: 1, tau: 0.05, doubleDqn: true, batchSize: 16, explorationFraction: 0.5, seed: 2 });
    agent.train(new Chain(), 1200);
    expect(agent.qValues([0, 1])[1]).toBeCloseTo(1, 1);
    expect(agent.qValues([1, 0])[0]).toBeCloseTo(0.9, 1);
    agent.dispose();
  });
});
