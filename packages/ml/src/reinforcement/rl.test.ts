import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArgumentError } from '@neurite/tensor';
import { CartPole } from './cart-pole.ts';
import { runEpisode } from './environment.ts';
import { GridWorld } from './grid-world.ts';
import { QLearningAgent } from './q-learning.ts';

// Golden values: Gymnasium 1.3.0 CartPole-v1 (fixtures/rl.py).
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/cartpole.json', import.meta.url), 'utf8'));

describe('CartPole against Gymnasium CartPole-v1', () => {
  it('matches every step from the same state (each step restarted from Gymnasium\'s previous state)', () => {
    const env = new CartPole();
    for (const t of fixture.trajectories) {
      let previous = t.start;
      for (const s of t.steps) {
        env.setState(previous);
        env.step(s.action);
        // NumPy's cos/sin and V8's may differ in the last bit: one step agrees to 1e-14.
        env.state.forEach((v, i) => expect(Math.abs(v - s.state[i])).toBeLessThan(1e-14 * (1 + Math.abs(s.state[i]))));
        previous = s.state;
      }
    }
  });

  it('replays whole trajectories: observations, rewards, terminated and truncated flags', () => {
    const env = new CartPole();
    for (const t of fixture.trajectories) {
      env.setState(t.start);
      t.steps.forEach((s: { action: number; state: number[]; observation: number[]; reward: number; terminated: boolean; truncated: boolean }, step: number) => {
        const r = env.step(s.action);
        // Last-bit differences grow exponentially along the (chaotic) 500-step trajectory: states are
        // compared over the first 100 steps, the flags and rewards over all of them.
        if (step < 100) {
          env.state.forEach((v, i) => expect(Math.abs(v - s.state[i]!)).toBeLessThan(1e-9 * (1 + Math.abs(s.state[i]!))));
          r.observation.forEach((v, i) => expect(Math.abs(v - s.observation[i]!)).toBeLessThan(1e-6 * (1 + Math.abs(s.observation[i]!))));
        }
        expect([r.reward, r.terminated, r.truncated]).toEqual([s.reward, s.terminated, s.truncated]);
      });
    }
    expect(fixture.trajectories.at(-1).steps).toHaveLength(500);
  });

  it('resets within [-0.05, 0.05) reproducibly and rejects bad actions', () => {
    const a = new CartPole().reset({ seed: 3 }).observation, b = new CartPole().reset({ seed: 3 }).observation;
    expect([...a]).toEqual([...b]);
    expect(a.every((v) => v >= -0.05 && v < 0.05)).toBe(true);
    expect(() => new CartPole().step(0)).toThrow(/reset/);
    const env = new CartPole();
    env.reset();
    expect(() => env.step(2)).toThrow(ArgumentError);
  });
});

describe('GridWorld and Q-learning', () => {
  it('moves, blocks at walls and edges, terminates at the goal', () => {
    const env = new GridWorld({ width: 3, height: 2, walls: [[0, 1]] });
    expect(env.reset().observation).toBe(0);
    expect(env.step(1).observation).toBe(0); // wall
    expect(env.step(0).observation).toBe(0); // edge
    expect(env.step(2).observation).toBe(3);
    env.step(1);
    const last = env.step(1);
    expect([last.observation, last.terminated, last.reward]).toEqual([5, true, 0]);
    expect(() => env.step(4)).toThrow(ArgumentError);
    expect(() => new GridWorld({ goal: [9, 9] })).toThrow(/outside/);
  });

  it('learns the shortest path around a hole on a 4 x 4 grid', () => {
    const env = new GridWorld({ width: 4, height: 4, holes: [[1, 1], [2, 2]], seed: 1 });
    const agent = new QLearningAgent(16, 4, { learningRate: 0.5, discount: 0.95, epsilonDecay: 0.97, seed: 2 });
    const curve = agent.train(env, 300);
    expect(curve).toHaveLength(300);
    // The first episodes wander; the greedy policy then walks the 6-step shortest path (return -5).
    const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(curve.slice(-20))).toBeGreaterThan(mean(curve.slice(0, 20)));
    expect(runEpisode(env, (s) => agent.greedy(s)).return).toBe(-5);
  });
});
