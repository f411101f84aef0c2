// A grid world for tabular agents (Sutton & Barto, Reinforcement Learning, 2nd ed., example 3.5
// style): states are cells numbered row * width + column; actions 0 up, 1 right, 2 down, 3 left;
// moving into a wall or off the grid leaves the agent in place. Each step costs stepReward, reaching
// the goal gives goalReward and terminates, entering a hole gives holeReward and terminates; with
// slip > 0 the action is replaced by a uniformly random one with that probability (seeded).
import { ArgumentError, Generator } from '@neurite/tensor';
import type { DiscreteSpace, Environment, StepResult } from './environment.ts';

export interface GridWorldOptions {
  width?: number;
  height?: number;
  start?: [number, number];
  goal?: [number, number];
  walls?: [number, number][];
  holes?: [number, number][];
  stepReward?: number;
  goalReward?: number;
  holeReward?: number;
  slip?: number;
  maxEpisodeSteps?: number;
  seed?: number;
}

const MOVES: readonly [number, number][] = [[-1, 0], [0, 1], [1, 0], [0, -1]];

export class GridWorld implements Environment<number> {
  readonly width: number;
  readonly height: number;
  readonly observationSpace: DiscreteSpace;
  readonly actionSpace: DiscreteSpace = { kind: 'discrete', n: 4 };
  private readonly blocked: Set<number>;
  private readonly holes: Set<number>;
  private readonly startCell: number;
  private readonly goalCell: number;
  private readonly options: Required<Pick<GridWorldOptions, 'stepReward' | 'goalReward' | 'holeReward' | 'slip' | 'maxEpisodeSteps'>>;
  private rng: Generator;
  private position?: number;
  private steps = 0;

  constructor(options: GridWorldOptions = {}) {
    this.width = options.width ?? 5;
    this.height = options.height ?? 5;
    if (!Number.isInteger(this.width) || !Number.isInteger(this.height) || this.width < 1 || this.height < 1) throw new ArgumentError(`GridWorld: width and height must be integers >= 1, got ${this.width} x ${this.height}`);
    const cell = ([r, c]: [number, number], what: string): number => {
      if (!Number.isInteger(r) || !Number.isInteger(c) || r < 0 || c < 0 || r >= this.height || c >= this.width) throw new ArgumentError(`GridWorld: ${what} [${r}, ${c}] is outside the ${this.height} x ${this.width} grid`);
      return r * this.width + c;
    };
    this.startCell = cell(options.start ?? [0, 0], 'start');
    this.goalCell = cell(options.goal ?? [this.height - 1, this.width - 1], 'goal');
    this.blocked = new Set((options.walls ?? []).map((w) => cell(w, 'wall')));
    this.holes = new Set((options.holes ?? []).map((h) => cell(h, 'hole')));
    if (this.blocked.has(this.startCell) || this.blocked.has(this.goalCell)) throw new ArgumentError('GridWorld: the start and the goal cannot be walls');
    this.options = {
      stepReward: options.stepReward ?? -1, goalReward: options.goalReward ?? 0, holeReward: options.holeReward ?? -100,
      slip: options.slip ?? 0, maxEpisodeSteps: options.maxEpisodeSteps ?? 100,
    };
    if (!(this.options.slip >= 0 && this.options.slip <= 1)) throw new ArgumentError(`GridWorld: slip must be in [0, 1], got ${this.options.slip}`);
    this.observationSpace = { kind: 'discrete', n: this.width * this.height };
    this.rng = new Generator(options.seed ?? 0);
  }

  reset(options: { seed?: number } = {}): { observation: number; info: Record<string, unknown> } {
    if (options.seed !== undefined) this.rng = new Generator(options.seed);
    this.position = this.startCell;
    this.steps = 0;
    return { observation: this.position, info: {} };
  }

  step(action: number): StepResult<number> {
    if (!Number.isInteger(action) || action < 0 || action > 3) throw new ArgumentError(`GridWorld.step: action must be 0, 1, 2 or 3, got ${String(action)}`);
    if (this.position === undefined) throw new ArgumentError('GridWorld.step: call reset() first');
    if (this.options.slip > 0 && this.rng.random() < this.options.slip) action = Math.floor(this.rng.random() * 4);
    const r = Math.floor(this.position / this.width) + MOVES[action]![0], c = (this.position % this.width) + MOVES[action]![1];
    if (r >= 0 && c >= 0 && r < this.height && c < this.width && !this.blocked.has(r * this.width + c)) this.position = r * this.width + c;
    this.steps++;
    let reward = this.options.stepReward, terminated = false;
    if (this.position === this.goalCell) {
      reward = this.options.goalReward;
      terminated = true;
    } else if (this.holes.has(this.position)) {
      reward = this.options.holeReward;
      terminated = true;
    }
    return { observation: this.position, reward, terminated, truncated: !terminated && this.steps >= this.options.maxEpisodeSteps, info: {} };
  }
}
