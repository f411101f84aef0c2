// CartPole with Gymnasium's CartPole-v1 dynamics (Barto, Sutton & Anderson 1983; Florian 2007
// corrected equations): gravity 9.8, cart mass 1.0, pole mass 0.1, half pole length 0.5, force
// ±10 N, tau 0.02 s, explicit Euler; the episode terminates when |x| > 2.4 or |theta| > 12° and is
// truncated after maxEpisodeSteps (500 for v1). Reward 1 per step, including the terminating one.
// The state is float64; observations are the state rounded to float32, as Gymnasium returns them.
// Reset draws each state component uniformly from [-0.05, 0.05) with the environment's Generator.
import { ArgumentError, Generator } from '@neurite/tensor';
import type { BoxSpace, DiscreteSpace, Environment, StepResult } from './environment.ts';

const GRAVITY = 9.8;
const CART_MASS = 1.0;
const POLE_MASS = 0.1;
const TOTAL_MASS = CART_MASS + POLE_MASS;
const HALF_LENGTH = 0.5;
const POLE_MASS_LENGTH = POLE_MASS * HALF_LENGTH;
const FORCE = 10.0;
const TAU = 0.02;
const THETA_LIMIT = (12 * 2 * Math.PI) / 360;
const X_LIMIT = 2.4;

export class CartPole implements Environment<Float64Array> {
  readonly actionSpace: DiscreteSpace = { kind: 'discrete', n: 2 };
  readonly observationSpace: BoxSpace = {
    kind: 'box', low: [-X_LIMIT * 2, -Infinity, -THETA_LIMIT * 2, -Infinity], high: [X_LIMIT * 2, Infinity, THETA_LIMIT * 2, Infinity],
  };
  private rng: Generator;
  private stateValue?: Float64Array;
  private steps = 0;
  private done = false;
  readonly maxEpisodeSteps: number;

  constructor(options: { seed?: number; maxEpisodeSteps?: number } = {}) {
    this.rng = new Generator(options.seed ?? 0);
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? 500;
    if (!Number.isInteger(this.maxEpisodeSteps) || this.maxEpisodeSteps < 1) throw new ArgumentError(`CartPole: maxEpisodeSteps must be an integer >= 1, got ${this.maxEpisodeSteps}`);
  }

  /** The float64 state [x, xDot, theta, thetaDot] (a copy). */
  get state(): Float64Array {
    if (this.stateValue === undefined) throw new ArgumentError('CartPole: call reset() first');
    return this.stateValue.slice();
  }

  /** Sets the state directly (for tests and replays); the step counter restarts at 0. */
  setState(state: ArrayLike<number>): void {
    if (state.length !== 4) throw new ArgumentError(`CartPole.setState: expected 4 numbers, got ${state.length}`);
    this.stateValue = Float64Array.from(state);
    this.steps = 0;
    this.done = false;
  }

  private observe(): Float64Array {
    return this.stateValue!.map(Math.fround);
  }

  reset(options: { seed?: number } = {}): { observation: Float64Array; info: Record<string, unknown> } {
    if (options.seed !== undefined) this.rng = new Generator(options.seed);
    this.stateValue = Float64Array.from({ length: 4 }, () => this.rng.uniform(-0.05, 0.05));
    this.steps = 0;
    this.done = false;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float64Array> {
    if (action !== 0 && action !== 1) throw new ArgumentError(`CartPole.step: action must be 0 or 1, got ${String(action)}`);
    const s = this.stateValue;
    if (s === undefined) throw new ArgumentError('CartPole.step: call reset() first');
    const [x, xDot, theta, thetaDot] = s as unknown as [number, number, number, number];
    const force = action === 1 ? FORCE : -FORCE;
    const cos = Math.cos(theta), sin = Math.sin(theta);
    const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    const thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4 / 3 - (POLE_MASS * cos * cos) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    s[0] = x + TAU * xDot;
    s[1] = xDot + TAU * xAcc;
    s[2] = theta + TAU * thetaDot;
    s[3] = thetaDot + TAU * thetaAcc;
    this.steps++;
    const terminated = s[0]! < -X_LIMIT || s[0]! > X_LIMIT || s[2]! < -THETA_LIMIT || s[2]! > THETA_LIMIT;
    // Gymnasium: 1 on every step up to and including the terminating one, 0 after it.
    const reward = this.done ? 0 : 1;
    if (terminated) this.done = true;
    return { observation: this.observe(), reward, terminated, truncated: !terminated && this.steps >= this.maxEpisodeSteps, info: {} };
  }
}
