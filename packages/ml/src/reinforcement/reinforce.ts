// REINFORCE with a learned baseline (Williams 1992; Sutton & Barto, 2nd ed., section 13.4) on
// @neurite/nn: a softmax policy MLP pi(a | s) and a value MLP V(s). After every batch of
// episodes, with discounted returns G_t and advantages A_t = G_t - V(s_t) (normalised to zero mean
// and unit variance over the batch), the policy takes an Adam step on
// mean_t(-log pi(a_t | s_t) A_t) and the value network on mean_t((V(s_t) - (1 - gamma) G_t)²)
// (returns scaled by 1 - gamma so the regression target stays near [0, 1]). Actions are sampled
// with the agent's seeded Generator; tensors of every step are disposed (scope), so training
// leaves the live-tensor count unchanged.
import { ArgumentError, Generator, mul, mean, noGrad, reshape, scope, softmax, softmaxCrossEntropy, tensor, type Tensor } from '@neurite/tensor';
import { Adam, mlp, mseLoss, type Sequential } from '@neurite/nn';
import { checkAborted, report } from '../base/estimator.ts';
import type { FitOptions } from '../base/protocol.ts';
import type { Environment } from './environment.ts';

export interface ReinforceOptions {
  hidden?: number;
  learningRate?: number;
  valueLearningRate?: number;
  discount?: number;
  episodesPerUpdate?: number;
  seed?: number;
}

export interface ReinforceTrainOptions extends FitOptions {
  /** Stop once the mean return of the last `window` episodes reaches `threshold`. */
  solved?: { window: number; threshold: number };
}

type Observation = ArrayLike<number>;

export class ReinforceAgent {
  readonly policy: Sequential;
  readonly value: Sequential;
  private readonly policyOptimizer: Adam;
  private readonly valueOptimizer: Adam;
  private readonly rng: Generator;
  readonly discount: number;
  readonly episodesPerUpdate: number;

  /** Builds both networks; needs `await init()` of @neurite/tensor first. */
  constructor(readonly observationSize: number, readonly nActions: number, options: ReinforceOptions = {}) {
    if (!Number.isInteger(observationSize) || observationSize < 1) throw new ArgumentError(`ReinforceAgent: observationSize must be an integer >= 1, got ${observationSize}`);
    if (!Number.isInteger(nActions) || nActions < 2) throw new ArgumentError(`ReinforceAgent: nActions must be an integer >= 2, got ${nActions}`);
    const hidden = options.hidden ?? 64;
    this.discount = options.discount ?? 0.99;
    this.episodesPerUpdate = options.episodesPerUpdate ?? 1;
    if (!(this.discount >= 0 && this.discount < 1)) throw new ArgumentError(`ReinforceAgent: discount must be in [0, 1), got ${this.discount}`);
    if (!Number.isInteger(this.episodesPerUpdate) || this.episodesPerUpdate < 1) throw new ArgumentError(`ReinforceAgent: episodesPerUpdate must be an integer >= 1, got ${this.episodesPerUpdate}`);
    const seed = options.seed ?? 0;
    this.rng = new Generator(seed);
    this.policy = mlp([observationSize, hidden, nActions], { activation: 'tanh', seed: seed * 2 + 1 });
    this.value = mlp([observationSize, hidden, 1], { activation: 'tanh', seed: seed * 2 + 2 });
    this.policyOptimizer = new Adam(this.policy.parameters(), { lr: options.learningRate ?? 0.01 });
    this.valueOptimizer = new Adam(this.value.parameters(), { lr: options.valueLearningRate ?? 0.01 });
  }

  /** Action probabilities for one observation. */
  probabilities(observation: Observation): Float64Array {
    if (observation.length !== this.observationSize) throw new ArgumentError(`ReinforceAgent: observation has ${observation.length} values, expected ${this.observationSize}`);
    return noGrad(() => scope(() => Float64Array.from(softmax(this.policy.call(tensor(Float32Array.from(observation), [1, this.observationSize]))).toArray())));
  }

  /** A sampled action, or the most probable one when `greedy`. */
  act(observation: Observation, greedy = false): number {
    const p = this.probabilities(observation);
    if (greedy) return p.indexOf(Math.max(...p));
    let u = this.rng.random();
    for (let a = 0; a < p.length - 1; a++) {
      u -= p[a]!;
      if (u < 0) return a;
    }
    return p.length - 1;
  }

  /** One gradient step of both networks on the steps of a batch of episodes. */
  private update(states: number[], actions: number[], returns: number[]): void {
    const t = actions.length, d = this.observationSize;
    const x = Float32Array.from(states);
    const scaled = Float32Array.from(returns, (g) => g * (1 - this.discount));
    const baseline = noGrad(() => scope(() => Float64Array.from(this.value.call(tensor(x, [t, d])).toArray())));
    const advantages = returns.map((g, i) => g - baseline[i]! / (1 - this.discount));
    const m = advantages.reduce((s, v) => s + v, 0) / t;
    const sd = Math.sqrt(advantages.reduce((s, v) => s + (v - m) ** 2, 0) / t) || 1;
    const normalised = Float32Array.from(advantages, (v) => (v - m) / sd);
    this.policyOptimizer.zeroGrad();
    this.valueOptimizer.zeroGrad();
    scope(() => {
      const input = tensor(x, [t, d]);
      const negativeLogProbability: Tensor = softmaxCrossEntropy(this.policy.call(input), tensor(Int32Array.from(actions), [t], { dtype: 'int32' }), { reduction: 'none' });
      mean(mul(negativeLogProbability, tensor(normalised, [t]))).backward();
      mseLoss(reshape(this.value.call(input), [t]), tensor(scaled, [t])).backward();
    });
    this.policyOptimizer.step();
    this.valueOptimizer.step();
  }

  /** Trains on `env`; returns every episode's return (the learning curve). */
  train(env: Environment<Observation>, episodes: number, options: ReinforceTrainOptions = {}): number[] {
    if (!Number.isInteger(episodes) || episodes < 1) throw new ArgumentError(`ReinforceAgent.train: episodes must be an integer >= 1, got ${episodes}`);
    const curve: number[] = [];
    let states: number[] = [], actions: number[] = [], returns: number[] = [], inBatch = 0;
    for (let e = 0; e < episodes; e++) {
      checkAborted(options, 'ReinforceAgent.train');
      let { observation } = env.reset();
      const rewards: number[] = [];
      for (;;) {
        const action = this.act(observation);
        for (let i = 0; i < this.observationSize; i++) states.push(observation[i]!);
        actions.push(action);
        const r = env.step(action);
        rewards.push(r.reward);
        observation = r.observation;
        if (r.terminated || r.truncated) break;
      }
      const g = new Array<number>(rewards.length);
      let running = 0;
      for (let i = rewards.length - 1; i >= 0; i--) g[i] = running = rewards[i]! + this.discount * running;
      returns = returns.concat(g);
      curve.push(rewards.reduce((s, v) => s + v, 0));
      if (++inBatch === this.episodesPerUpdate) {
        this.update(states, actions, returns);
        states = [];
        actions = [];
        returns = [];
        inBatch = 0;
      }
      const window = options.solved?.window ?? 100;
      const recent = curve.slice(-window);
      const average = recent.reduce((s, v) => s + v, 0) / recent.length;
      report(options, { stage: 'reinforce', done: e + 1, total: episodes, value: average });
      if (options.solved && curve.length >= window && average >= options.solved.threshold) break;
    }
    return curve;
  }

  /** Frees the networks' and optimizers' tensors. */
  dispose(): void {
    this.policyOptimizer.dispose();
    this.valueOptimizer.dispose();
    for (const p of [...this.policy.parameters(), ...this.value.parameters()]) p.dispose();
  }
}
