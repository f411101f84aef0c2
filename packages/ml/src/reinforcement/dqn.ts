// Deep Q-network (Mnih et al. 2015, "Human-level control through deep reinforcement learning") on
// @neurite/nn, with Stable-Baselines3's DQN defaults and schedule: an MLP Q(s, ·) (ReLU hidden
// layers) acts epsilon-greedily, with epsilon falling linearly from epsilonStart to epsilonEnd over
// the first explorationFraction of a train() call's steps; transitions go to a ReplayBuffer; once
// learningStarts steps are stored, every trainFrequency steps the network takes gradientSteps Adam
// steps on uniform minibatches, minimising the Huber loss (PyTorch's smooth L1, delta 1) between
// Q(s, a) and r + discount * (1 - terminated) * max_a' Q_target(s', a') (with doubleDqn, van Hasselt
// et al. 2016: Q_target(s', argmax_a' Q(s', a'))), gradients clipped to global norm maxGradNorm.
// Every targetUpdateInterval steps the target network moves to tau * online + (1 - tau) * target
// (tau 1: a copy). Exploration draws, minibatches and initial weights all come from `seed`, so
// training is reproducible; every step's tensors are scoped, so it leaves the live-tensor count unchanged.
import { add, ArgumentError, Generator, indexSelect, mul, noGrad, reshape, scope, tensor, type Tensor } from '@neurite/tensor';
import { Adam, clipGradNorm, huberLoss, mlp, type Sequential } from '@neurite/nn';
import { checkAborted, report } from '../base/estimator.ts';
import type { FitOptions } from '../base/protocol.ts';
import { type Environment, runEpisode } from './environment.ts';
import { ReplayBuffer } from './replay-buffer.ts';

export interface DqnOptions {
  /** Hidden layer widths (default [64, 64], SB3's MlpPolicy). */
  hidden?: readonly number[];
  /** Adam learning rate (default 1e-4). */
  learningRate?: number;
  discount?: number;
  /** Replay capacity in transitions (default 1e6; storage grows as it fills). */
  bufferSize?: number;
  batchSize?: number;
  /** Environment steps collected before the first gradient step (default 100). */
  learningStarts?: number;
  /** Environment steps between training phases (default 4). */
  trainFrequency?: number;
  /** Gradient steps per training phase (default 1). */
  gradientSteps?: number;
  /** Environment steps between target-network updates (default 10000). */
  targetUpdateInterval?: number;
  /** Target update coefficient in (0, 1] (default 1: hard copy). */
  tau?: number;
  /** Share of a train() call's steps over which epsilon decays (default 0.1). */
  explorationFraction?: number;
  epsilonStart?: number;
  epsilonEnd?: number;
  /** Global gradient-norm clip (default 10). */
  maxGradNorm?: number;
  /** Double DQN targets (default false). */
  doubleDqn?: boolean;
  seed?: number;
}

export interface DqnTrainOptions extends FitOptions {
  /** Stop once the mean return of the last `window` finished training (exploring) episodes reaches `threshold`. */
  solved?: { window: number; threshold: number };
  /**
   * Every `every` steps, play `episodes` (default 100) greedy episodes on `env` (a separate
   * environment, so training episodes are not cut) and record their mean return in
   * `agent.evaluations`; stop once that mean reaches `threshold`, when given.
   */
  evaluate?: { env: Environment<Observation>; every: number; episodes?: number; threshold?: number };
}

/** A greedy evaluation made during train(): the environment step it followed and the mean return. */
export interface DqnEvaluation {
  step: number;
  meanReturn: number;
}

type Observation = ArrayLike<number>;

function positiveInteger(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new ArgumentError(`DqnAgent: ${name} must be an integer >= 1, got ${v}`);
  return v;
}

function inRange(v: number, name: string, lo: number, hi: number, loOpen = false): number {
  if (typeof v !== 'number' || !(loOpen ? v > lo : v >= lo) || !(v <= hi)) throw new ArgumentError(`DqnAgent: ${name} must be in ${loOpen ? '(' : '['}${lo}, ${hi}], got ${String(v)}`);
  return v;
}

export class DqnAgent {
  readonly qNetwork: Sequential;
  readonly targetNetwork: Sequential;
  readonly replay: ReplayBuffer;
  private readonly optimizer: Adam;
  private readonly rng: Generator;
  readonly discount: number;
  readonly batchSize: number;
  readonly learningStarts: number;
  readonly trainFrequency: number;
  readonly gradientSteps: number;
  readonly targetUpdateInterval: number;
  readonly tau: number;
  readonly explorationFraction: number;
  readonly epsilonStart: number;
  readonly epsilonEnd: number;
  readonly maxGradNorm: number;
  readonly doubleDqn: boolean;
  /** The exploration rate of the last step taken in train(). */
  epsilon: number;
  /** Gradient steps taken so far. */
  updates = 0;
  /** Greedy evaluations made by the last train() call with `evaluate`. */
  evaluations: DqnEvaluation[] = [];

  /** Builds both networks; needs `await init()` of @neurite/tensor first. Every option is checked before anything is allocated. */
  constructor(readonly observationSize: number, readonly nActions: number, options: DqnOptions = {}) {
    positiveInteger(observationSize, 'observationSize');
    if (!Number.isInteger(nActions) || nActions < 2) throw new ArgumentError(`DqnAgent: nActions must be an integer >= 2, got ${nActions}`);
    const hidden = options.hidden ?? [64, 64];
    if (!Array.isArray(hidden)) throw new ArgumentError('DqnAgent: hidden must be an array of layer widths');
    hidden.forEach((h, i) => positiveInteger(h, `hidden[${i}]`));
    const learningRate = inRange(options.learningRate ?? 1e-4, 'learningRate', 0, Infinity, true);
    this.discount = inRange(options.discount ?? 0.99, 'discount', 0, 1);
    const bufferSize = positiveInteger(options.bufferSize ?? 1_000_000, 'bufferSize');
    this.batchSize = positiveInteger(options.batchSize ?? 32, 'batchSize');
    this.learningStarts = options.learningStarts ?? 100;
    if (!Number.isInteger(this.learningStarts) || this.learningStarts < 0) throw new ArgumentError(`DqnAgent: learningStarts must be an integer >= 0, got ${this.learningStarts}`);
    this.trainFrequency = positiveInteger(options.trainFrequency ?? 4, 'trainFrequency');
    this.gradientSteps = positiveInteger(options.gradientSteps ?? 1, 'gradientSteps');
    this.targetUpdateInterval = positiveInteger(options.targetUpdateInterval ?? 10_000, 'targetUpdateInterval');
    this.tau = inRange(options.tau ?? 1, 'tau', 0, 1, true);
    this.explorationFraction = inRange(options.explorationFraction ?? 0.1, 'explorationFraction', 0, 1);
    this.epsilonStart = inRange(options.epsilonStart ?? 1, 'epsilonStart', 0, 1);
    this.epsilonEnd = inRange(options.epsilonEnd ?? 0.05, 'epsilonEnd', 0, 1);
    this.maxGradNorm = inRange(options.maxGradNorm ?? 10, 'maxGradNorm', 0, Infinity, true);
    this.doubleDqn = options.doubleDqn ?? false;
    if (typeof this.doubleDqn !== 'boolean') throw new ArgumentError(`DqnAgent: doubleDqn must be a boolean, got ${String(this.doubleDqn)}`);
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed)) throw new ArgumentError(`DqnAgent: seed must be an integer, got ${seed}`);
    this.epsilon = this.epsilonStart;
    this.rng = new Generator(seed);
    this.replay = new ReplayBuffer(bufferSize, observationSize);
    const sizes = [observationSize, ...hidden, nActions];
    this.qNetwork = mlp(sizes, { activation: 'relu', seed: seed * 2 + 1 });
    this.targetNetwork = mlp(sizes, { activation: 'relu', seed: seed * 2 + 1 });
    for (const p of this.targetNetwork.parameters()) p.setRequiresGrad(false);
    this.copyToTarget(1);
    this.optimizer = new Adam(this.qNetwork.parameters(), { lr: learningRate });
  }

  private rows(network: Sequential, x: Float32Array, n: number): Float32Array {
    return noGrad(() => scope(() => network.call(tensor(x, [n, this.observationSize])).toArray() as Float32Array));
  }

  /** Q(s, a) of the online network for one observation, one value per action. */
  qValues(observation: Observation): Float64Array {
    if (observation.length !== this.observationSize) throw new ArgumentError(`DqnAgent: observation has ${observation.length} values, expected ${this.observationSize}`);
    return Float64Array.from(this.rows(this.qNetwork, Float32Array.from(observation), 1));
  }

  /** The greedy action (ties to the lowest), or with probability `epsilon` a uniform random one. */
  act(observation: Observation, epsilon = 0): number {
    if (!(epsilon >= 0 && epsilon <= 1)) throw new ArgumentError(`DqnAgent.act: epsilon must be in [0, 1], got ${epsilon}`);
    if (epsilon > 0 && this.rng.random() < epsilon) return this.rng.integer(0, this.nActions);
    const q = this.qValues(observation);
    let best = 0;
    for (let a = 1; a < q.length; a++) if (q[a]! > q[best]!) best = a;
    return best;
  }

  /** One gradient step on a replayed minibatch; returns the loss. */
  private update(): number {
    const b = this.batchSize, nA = this.nActions;
    const batch = this.replay.sample(b, this.rng);
    const nextTarget = this.rows(this.targetNetwork, batch.nextObservations, b);
    const nextOnline = this.doubleDqn ? this.rows(this.qNetwork, batch.nextObservations, b) : nextTarget;
    const targets = new Float32Array(b), picked = new Int32Array(b);
    for (let i = 0; i < b; i++) {
      let best = 0;
      for (let a = 1; a < nA; a++) if (nextOnline[i * nA + a]! > nextOnline[i * nA + best]!) best = a;
      targets[i] = batch.rewards[i]! + this.discount * (1 - batch.terminated[i]!) * nextTarget[i * nA + best]!;
      picked[i] = i * nA + batch.actions[i]!;
    }
    this.optimizer.zeroGrad();
    const loss = scope(() => {
      const q = this.qNetwork.call(tensor(batch.observations, [b, this.observationSize]));
      const chosen = indexSelect(reshape(q, [b * nA]), 0, tensor(picked, [b], { dtype: 'int32' }));
      const l = huberLoss(chosen, tensor(targets, [b]));
      l.backward();
      return l.item();
    });
    clipGradNorm(this.qNetwork.parameters(), this.maxGradNorm);
    this.optimizer.step();
    this.updates++;
    return loss;
  }

  /** target <- tau * online + (1 - tau) * target. */
  private copyToTarget(tau: number): void {
    const online = this.qNetwork.parameters(), target = this.targetNetwork.parameters();
    noGrad(() => scope(() => {
      for (let i = 0; i < online.length; i++) {
        if (tau === 1) target[i]!.assignInPlace_(online[i]!);
        else target[i]!.assignInPlace_(add(mul(target[i]!, 1 - tau), mul(online[i]!, tau)));
      }
    }));
  }

  /**
   * Trains on `env` for `totalSteps` environment steps (or until `solved`); returns the return of
   * every finished episode (the learning curve). Progress is reported per finished episode.
   */
  train(env: Environment<Observation>, totalSteps: number, options: DqnTrainOptions = {}): number[] {
    positiveInteger(totalSteps, 'train: totalSteps');
    if (env.actionSpace.n !== this.nActions) throw new ArgumentError(`DqnAgent.train: the environment has ${env.actionSpace.n} actions, the agent ${this.nActions}`);
    const window = options.solved?.window ?? 100;
    if (options.solved) positiveInteger(window, 'train: solved.window');
    const evaluate = options.evaluate;
    if (evaluate) {
      positiveInteger(evaluate.every, 'train: evaluate.every');
      positiveInteger(evaluate.episodes ?? 100, 'train: evaluate.episodes');
      if (evaluate.env === env) throw new ArgumentError('DqnAgent.train: evaluate.env must be another environment than the training one');
      if (evaluate.env?.actionSpace?.n !== this.nActions) throw new ArgumentError(`DqnAgent.train: evaluate.env must be an environment with ${this.nActions} actions`);
    }
    this.evaluations = [];
    const curve: number[] = [];
    const decaySteps = this.explorationFraction * totalSteps;
    let { observation } = env.reset();
    let episodeReturn = 0;
    for (let step = 0; step < totalSteps; step++) {
      checkAborted(options, 'DqnAgent.train');
      const progress = decaySteps > 0 ? Math.min(1, step / decaySteps) : 1;
      this.epsilon = this.epsilonStart + progress * (this.epsilonEnd - this.epsilonStart);
      const action = this.act(observation, this.epsilon);
      const r = env.step(action);
      this.replay.add(observation, action, r.reward, r.observation, r.terminated);
      episodeReturn += r.reward;
      observation = r.observation;
      const done = step + 1;
      if (done > this.learningStarts && done % this.trainFrequency === 0) for (let g = 0; g < this.gradientSteps; g++) this.update();
      if (done % this.targetUpdateInterval === 0) this.copyToTarget(this.tau);
      if (evaluate && done % evaluate.every === 0) {
        const meanReturn = this.evaluate(evaluate.env, evaluate.episodes ?? 100);
        this.evaluations.push({ step: done, meanReturn });
        report(options, { stage: 'dqn evaluation', done, total: totalSteps, value: meanReturn });
        if (evaluate.threshold !== undefined && meanReturn >= evaluate.threshold) break;
      }
      if (r.terminated || r.truncated) {
        curve.push(episodeReturn);
        episodeReturn = 0;
        observation = env.reset().observation;
        const recent = curve.slice(-window);
        const average = recent.reduce((s, v) => s + v, 0) / recent.length;
        report(options, { stage: 'dqn', done, total: totalSteps, value: average });
        if (options.solved && curve.length >= window && average >= options.solved.threshold) break;
      }
    }
    return curve;
  }

  /** Mean undiscounted return of `episodes` greedy episodes on `env`. */
  evaluate(env: Environment<Observation>, episodes = 100): number {
    positiveInteger(episodes, 'evaluate: episodes');
    let total = 0;
    for (let e = 0; e < episodes; e++) total += runEpisode(env, (o) => this.act(o)).return;
    return total / episodes;
  }

  /** Frees both networks' and the optimizer's tensors. */
  dispose(): void {
    this.optimizer.dispose();
    for (const p of [...this.qNetwork.parameters(), ...this.targetNetwork.parameters()]) p.dispose();
  }
}
