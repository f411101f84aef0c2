// The reinforcement-learning environment interface, shaped after Gymnasium's Env (reset returns an
// observation and info; step returns observation, reward, terminated, truncated and info) with
// explicit, seeded randomness: reset({ seed }) reseeds the environment's own Generator.
// terminated: the episode reached a terminal state of the task (no bootstrapping past it);
// truncated: it was cut by a time limit (the state is not terminal; agents may bootstrap).

/** A finite set of actions or states {0, ..., n - 1}. */
export interface DiscreteSpace {
  kind: 'discrete';
  n: number;
}

/** A box of real vectors with per-component bounds (Infinity where unbounded). */
export interface BoxSpace {
  kind: 'box';
  low: readonly number[];
  high: readonly number[];
}

export type Space = DiscreteSpace | BoxSpace;

export interface StepResult<Observation> {
  observation: Observation;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: Record<string, unknown>;
}

export interface Environment<Observation, Action = number> {
  readonly observationSpace: Space;
  readonly actionSpace: DiscreteSpace;
  /** Starts an episode; a seed reseeds the environment's random stream. */
  reset(options?: { seed?: number }): { observation: Observation; info: Record<string, unknown> };
  /** Applies one action; throws ArgumentError for an action outside actionSpace or before reset. */
  step(action: Action): StepResult<Observation>;
}

/** An agent's policy: an action for an observation. */
export type Policy<Observation> = (observation: Observation) => number;

/** Plays one episode with `policy`; returns its undiscounted return and length. */
export function runEpisode<O>(env: Environment<O>, policy: Policy<O>, options: { seed?: number; maxSteps?: number } = {}): { return: number; length: number } {
  let { observation } = env.reset(options.seed === undefined ? {} : { seed: options.seed });
  let total = 0, length = 0;
  const limit = options.maxSteps ?? Infinity;
  while (length < limit) {
    const r = env.step(policy(observation));
    total += r.reward;
    length++;
    observation = r.observation;
    if (r.terminated || r.truncated) break;
  }
  return { return: total, length };
}
