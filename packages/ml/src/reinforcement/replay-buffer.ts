// Experience replay (Lin 1992; Mnih et al. 2015): a ring buffer of transitions
// (observation, action, reward, next observation, terminated) from which off-policy agents sample
// uniform minibatches with replacement, as Stable-Baselines3's ReplayBuffer does. Only
// `terminated` is stored: a transition cut by a time limit (truncated) is not terminal, so its
// target still bootstraps from the next observation. Storage is float32 and grows by doubling up
// to `capacity`, so a large capacity costs nothing until it is used.
import { ArgumentError, type Generator } from '@neurite/tensor';

/** A sampled minibatch: row-major [batchSize, observationSize] observations and per-row fields. */
export interface TransitionBatch {
  observations: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  nextObservations: Float32Array;
  /** 1 where the episode terminated at this transition, else 0. */
  terminated: Float32Array;
}

export class ReplayBuffer {
  private observations: Float32Array;
  private nextObservations: Float32Array;
  private actions: Int32Array;
  private rewards: Float32Array;
  private terminals: Uint8Array;
  private allocated: number;
  private position = 0;
  /** Number of stored transitions (at most capacity). */
  size = 0;

  constructor(readonly capacity: number, readonly observationSize: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new ArgumentError(`ReplayBuffer: capacity must be an integer >= 1, got ${capacity}`);
    if (!Number.isInteger(observationSize) || observationSize < 1) throw new ArgumentError(`ReplayBuffer: observationSize must be an integer >= 1, got ${observationSize}`);
    this.allocated = Math.min(capacity, 1024);
    this.observations = new Float32Array(this.allocated * observationSize);
    this.nextObservations = new Float32Array(this.allocated * observationSize);
    this.actions = new Int32Array(this.allocated);
    this.rewards = new Float32Array(this.allocated);
    this.terminals = new Uint8Array(this.allocated);
  }

  private grow(): void {
    const allocated = Math.min(this.capacity, this.allocated * 2), d = this.observationSize;
    const copy = <T extends Float32Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T, width: number): T => {
      const b = make(allocated * width);
      b.set(a);
      return b;
    };
    this.observations = copy(this.observations, (n) => new Float32Array(n), d);
    this.nextObservations = copy(this.nextObservations, (n) => new Float32Array(n), d);
    this.actions = copy(this.actions, (n) => new Int32Array(n), 1);
    this.rewards = copy(this.rewards, (n) => new Float32Array(n), 1);
    this.terminals = copy(this.terminals, (n) => new Uint8Array(n), 1);
    this.allocated = allocated;
  }

  /** Stores one transition, overwriting the oldest once the buffer is full. */
  add(observation: ArrayLike<number>, action: number, reward: number, nextObservation: ArrayLike<number>, terminated: boolean): void {
    const d = this.observationSize;
    if (observation.length !== d || nextObservation.length !== d) {
      throw new ArgumentError(`ReplayBuffer.add: observations must have ${d} values, got ${observation.length} and ${nextObservation.length}`);
    }
    if (!Number.isInteger(action) || action < 0) throw new ArgumentError(`ReplayBuffer.add: action must be a non-negative integer, got ${action}`);
    if (!Number.isFinite(reward)) throw new ArgumentError(`ReplayBuffer.add: reward must be finite, got ${reward}`);
    if (this.position === this.allocated && this.allocated < this.capacity) this.grow();
    const i = this.position;
    for (let k = 0; k < d; k++) {
      this.observations[i * d + k] = observation[k]!;
      this.nextObservations[i * d + k] = nextObservation[k]!;
    }
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.terminals[i] = terminated ? 1 : 0;
    this.position = (i + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** `batchSize` transitions drawn uniformly with replacement with `rng`. */
  sample(batchSize: number, rng: Generator): TransitionBatch {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError(`ReplayBuffer.sample: batchSize must be an integer >= 1, got ${batchSize}`);
    if (this.size === 0) throw new ArgumentError('ReplayBuffer.sample: the buffer is empty');
    const d = this.observationSize;
    const batch: TransitionBatch = {
      observations: new Float32Array(batchSize * d), actions: new Int32Array(batchSize), rewards: new Float32Array(batchSize),
      nextObservations: new Float32Array(batchSize * d), terminated: new Float32Array(batchSize),
    };
    for (let b = 0; b < batchSize; b++) {
      const i = rng.integer(0, this.size);
      batch.observations.set(this.observations.subarray(i * d, i * d + d), b * d);
      batch.nextObservations.set(this.nextObservations.subarray(i * d, i * d + d), b * d);
      batch.actions[b] = this.actions[i]!;
      batch.rewards[b] = this.rewards[i]!;
      batch.terminated[b] = this.terminals[i]!;
    }
    return batch;
  }
}
