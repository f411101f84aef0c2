// Tabular Q-learning (Watkins 1989; Sutton & Barto, 2nd ed., section 6.5):
// Q(s, a) <- Q(s, a) + alpha (r + gamma max_a' Q(s', a') - Q(s, a)), with no bootstrap past a
// terminal state (a truncated episode still bootstraps). Behaviour is epsilon-greedy with epsilon
// decaying multiplicatively per episode to epsilonMin; greedy ties go to the lowest action. Seeded.
import { ArgumentError, Generator } from '@neurite/tensor';
import { checkAborted, report } from '../base/estimator.ts';
import type { FitOptions } from '../base/protocol.ts';
import type { Environment } from './environment.ts';

export interface QLearningOptions {
  learningRate?: number;
  discount?: number;
  epsilon?: number;
  epsilonDecay?: number;
  epsilonMin?: number;
  seed?: number;
}

export class QLearningAgent {
  readonly nStates: number;
  readonly nActions: number;
  /** Row-major [nStates, nActions] action values. */
  readonly q: Float64Array;
  readonly learningRate: number;
  readonly discount: number;
  epsilon: number;
  readonly epsilonDecay: number;
  readonly epsilonMin: number;
  private rng: Generator;

  constructor(nStates: number, nActions: number, options: QLearningOptions = {}) {
    if (!Number.isInteger(nStates) || nStates < 1) throw new ArgumentError(`QLearningAgent: nStates must be an integer >= 1, got ${nStates}`);
    if (!Number.isInteger(nActions) || nActions < 1) throw new ArgumentError(`QLearningAgent: nActions must be an integer >= 1, got ${nActions}`);
    this.nStates = nStates;
    this.nActions = nActions;
    this.learningRate = options.learningRate ?? 0.1;
    this.discount = options.discount ?? 0.99;
    this.epsilon = options.epsilon ?? 1;
    this.epsilonDecay = options.epsilonDecay ?? 0.99;
    this.epsilonMin = options.epsilonMin ?? 0.01;
    for (const [name, v] of [['learningRate', this.learningRate], ['discount', this.discount], ['epsilon', this.epsilon], ['epsilonDecay', this.epsilonDecay], ['epsilonMin', this.epsilonMin]] as const) {
      if (!(v >= 0 && v <= 1)) throw new ArgumentError(`QLearningAgent: ${name} must be in [0, 1], got ${v}`);
    }
    this.q = new Float64Array(nStates * nActions);
    this.rng = new Generator(options.seed ?? 0);
  }

  private checkState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state >= this.nStates) throw new ArgumentError(`QLearningAgent: state must be an integer in [0, ${this.nStates}), got ${state}`);
  }

  /** The greedy action (lowest index on ties). */
  greedy(state: number): number {
    this.checkState(state);
    let best = 0;
    for (let a = 1; a < this.nActions; a++) if (this.q[state * this.nActions + a]! > this.q[state * this.nActions + best]!) best = a;
    return best;
  }

  /** Epsilon-greedy action. */
  act(state: number): number {
    this.checkState(state);
    return this.rng.random() < this.epsilon ? Math.floor(this.rng.random() * this.nActions) : this.greedy(state);
  }

  /** One Q-learning update; returns the TD error. */
  update(state: number, action: number, reward: number, next: number, terminated: boolean): number {
    this.checkState(state);
    this.checkState(next);
    let target = reward;
    if (!terminated) target += this.discount * this.q[next * this.nActions + this.greedy(next)]!;
    const at = state * this.nActions + action;
    const error = target - this.q[at]!;
    this.q[at] += this.learningRate * error;
    return error;
  }

  /** Trains for `episodes` episodes; returns each episode's undiscounted return (the learning curve). */
  train(env: Environment<number>, episodes: number, options: FitOptions & { seed?: number } = {}): number[] {
    if (!Number.isInteger(episodes) || episodes < 1) throw new ArgumentError(`QLearningAgent.train: episodes must be an integer >= 1, got ${episodes}`);
    const returns: number[] = [];
    for (let e = 0; e < episodes; e++) {
      checkAborted(options, 'QLearningAgent.train');
      let { observation } = env.reset(e === 0 && options.seed !== undefined ? { seed: options.seed } : {});
      let total = 0;
      for (;;) {
        const action = this.act(observation);
        const r = env.step(action);
        this.update(observation, action, r.reward, r.observation, r.terminated);
        total += r.reward;
        observation = r.observation;
        if (r.terminated || r.truncated) break;
      }
      this.epsilon = Math.max(this.epsilonMin, this.epsilon * this.epsilonDecay);
      returns.push(total);
      report(options, { stage: 'q-learning', done: e + 1, total: episodes, value: total });
    }
    return returns;
  }
}
