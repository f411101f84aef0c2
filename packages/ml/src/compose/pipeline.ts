// Pipeline as scikit-learn's: named steps, transformers then a final estimator. fit fits each
// transformer on the output of the previous ones (fitTransform) and the final estimator on the
// result; predict, score and the rest transform then delegate. Inside crossValidate or GridSearchCV
// the whole pipeline is cloned per fold, so every step learns from the training fold only.
// Parameters of steps are set as 'step__param'; a step may be replaced by name, or be 'passthrough'.
// toJSON writes every step by its own toJSON; fromJSON (or estimatorFromJSON, which knows every
// class of @neurite/ml and @neurite/features) loads a fitted pipeline back, ready to predict.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { isEstimator } from '../base/clone.ts';
import { BaseEstimator, checkAborted, type EstimatorJSON, report } from '../base/estimator.ts';
import type { Estimator, FitOptions, Labels, Params } from '../base/protocol.ts';
import { nameByClass, splitNestedParams } from './nested-params.ts';
import { checkCompositeJSON, type JSONRevivers, stepFromJSON, stepToJSON } from './step-json.ts';
import type { SampleInput } from '../base/table-input.ts';

/** What a Pipeline takes: whatever its first step takes (a matrix, a mixed table, texts for a vectorizer). */
export type PipelineInput = SampleInput;

export type PipelineStep = readonly [string, Estimator | 'passthrough' | null];

interface Fittable extends Estimator {
  fit(X: MatrixInput, y?: Labels, options?: FitOptions): unknown;
  transform?(X: MatrixInput): unknown;
  fitTransform?(X: MatrixInput, y?: Labels, options?: FitOptions): unknown;
  inverseTransform?(X: MatrixInput): unknown;
  predict?(X: MatrixInput): unknown;
  score?(X: MatrixInput, y: Labels): number;
}

/** A step's output handed to the next step: rows of values (e.g. imputed strings for an encoder) as they are, anything else as a Matrix. */
function passOn(value: unknown, what: string): MatrixInput {
  return Array.isArray(value) ? (value as MatrixInput) : asMatrix(value, what);
}

function asMatrix(value: unknown, what: string): Matrix {
  const m = value as Matrix;
  if (m !== null && typeof m === 'object' && m.data instanceof Float64Array && typeof m.rows === 'number') return m;
  return toMatrix(value as MatrixInput, what);
}

export interface PipelineParams {
  steps: PipelineStep[];
  [key: string]: unknown;
}

export class Pipeline extends BaseEstimator<PipelineParams> {
  private fittedFlag = false;

  constructor(steps: readonly PipelineStep[] | { steps: readonly PipelineStep[] }) {
    const list = Array.isArray(steps) ? steps : (steps as { steps?: readonly PipelineStep[] })?.steps;
    super({ steps: [] }, { steps: list as PipelineStep[] });
  }

  protected override validateParams(p: PipelineParams): void {
    const steps = p.steps;
    if (!Array.isArray(steps) || steps.length === 0) throw new ArgumentError('Pipeline: steps must be a non-empty array of [name, estimator]');
    const names = new Set<string>();
    steps.forEach((step, i) => {
      if (!Array.isArray(step) || step.length !== 2 || typeof step[0] !== 'string' || step[0] === '') throw new ArgumentError(`Pipeline: step ${i} must be [name, estimator]`);
      const [name, est] = step;
      if (name.includes('__')) throw new ArgumentError(`Pipeline: step name "${name}" must not contain "__"`);
      if (names.has(name)) throw new ArgumentError(`Pipeline: step name "${name}" is used twice`);
      names.add(name);
      if (est === 'passthrough' || est === null) return;
      if (!isEstimator(est) || typeof (est as Fittable).fit !== 'function') throw new ArgumentError(`Pipeline: step "${name}" must be an estimator with fit, 'passthrough' or null`);
      if (i < steps.length - 1 && typeof (est as Fittable).transform !== 'function') throw new ArgumentError(`Pipeline: intermediate step "${name}" must be a transformer (fit and transform)`);
    });
  }

  /** The hyperparameters: { steps } (deep: also each step by name and its parameters as 'step__param'). */
  override getParams(deep = false): PipelineParams {
    const out: PipelineParams = { steps: this.params.steps.slice() };
    if (deep) {
      for (const [name, est] of this.params.steps) {
        out[name] = est;
        if (isEstimator(est)) for (const [k, v] of Object.entries((est.getParams as (deep?: boolean) => Params)(true))) out[`${name}__${k}`] = v;
      }
    }
    return out;
  }

  override setParams(params: Partial<PipelineParams> & Params): this {
    const names = this.params.steps.map(([n]) => n);
    const { own, nested } = splitNestedParams('Pipeline', params, ['steps'], names);
    let steps = (own.steps as PipelineStep[] | undefined) ?? this.params.steps.slice();
    for (const [key, value] of Object.entries(own)) {
      if (key === 'steps') continue;
      steps = steps.map(([n, e]) => (n === key ? [n, value as Estimator] : [n, e]));
    }
    super.setParams({ steps });
    for (const [name, sub] of nested) {
      const est = this.params.steps.find(([n]) => n === name)?.[1];
      if (!isEstimator(est)) throw new ArgumentError(`Pipeline: step "${name}" is ${String(est)} and takes no parameters`);
      est.setParams(sub);
    }
    return this;
  }

  /** The steps by name. */
  get namedSteps(): Record<string, Estimator | 'passthrough' | null> {
    return Object.fromEntries(this.params.steps);
  }

  /** The final estimator's kind (model selection picks stratified folds for classifiers). */
  get estimatorType(): string {
    const last = this.finalStep;
    const t = (last as { estimatorType?: unknown } | null)?.estimatorType;
    if (typeof t === 'string') return t;
    if (last !== null && 'classes' in last) return 'classifier';
    return typeof last?.predict === 'function' ? 'regressor' : 'transformer';
  }

  private get finalStep(): Fittable | null {
    const last = this.params.steps[this.params.steps.length - 1]![1];
    return last === 'passthrough' || last === null ? null : (last as Fittable);
  }

  private get fittedFinal(): Fittable | null {
    this.fitted(this.fittedFlag ? true : undefined, 'steps');
    return this.finalStep;
  }

  /** Fits and applies every transformer on the output of the previous one; returns the last output. */
  private fitTransformers(X: PipelineInput, y: Labels | undefined, options: FitOptions | undefined): MatrixInput {
    let Xt = X as MatrixInput;
    const steps = this.params.steps, total = steps.length;
    for (let i = 0; i < steps.length - 1; i++) {
      checkAborted(options, 'Pipeline.fit');
      const est = steps[i]![1];
      if (est === 'passthrough' || est === null) continue;
      const t = est as Fittable;
      const out = typeof t.fitTransform === 'function' ? t.fitTransform(Xt, y, { signal: options?.signal }) : (t.fit(Xt, y, { signal: options?.signal }), t.transform!(Xt));
      Xt = passOn(out, `Pipeline: output of step "${steps[i]![0]}"`);
      report(options, { stage: 'Pipeline', done: i + 1, total });
    }
    return Xt;
  }

  /** X through every fitted transformer (all steps but the last). */
  private transformThrough(X: PipelineInput, upTo: number): MatrixInput {
    let Xt = X as MatrixInput;
    const steps = this.params.steps;
    for (let i = 0; i < upTo; i++) {
      const est = steps[i]![1];
      if (est === 'passthrough' || est === null) continue;
      Xt = passOn((est as Fittable).transform!(Xt), `Pipeline: output of step "${steps[i]![0]}"`);
    }
    return Xt;
  }

  fit(X: PipelineInput, y?: Labels, options?: FitOptions): this {
    const Xt = this.fitTransformers(X, y, options);
    checkAborted(options, 'Pipeline.fit');
    this.finalStep?.fit(Xt, y, { signal: options?.signal });
    this.fittedFlag = true;
    report(options, { stage: 'Pipeline', done: this.params.steps.length, total: this.params.steps.length });
    return this;
  }

  private final(member: string): Fittable & Record<string, unknown> {
    const last = this.fittedFinal;
    if (last === null || typeof (last as unknown as Record<string, unknown>)[member] !== 'function') throw new ArgumentError(`Pipeline.${member}: the final step has no ${member}`);
    return last as Fittable & Record<string, unknown>;
  }

  predict(X: PipelineInput): number[] | string[] | Float64Array {
    const last = this.final('predict');
    return last.predict!(this.transformThrough(X, this.params.steps.length - 1)) as number[] | string[] | Float64Array;
  }
  predictProba(X: PipelineInput): Matrix {
    const last = this.final('predictProba');
    return (last.predictProba as (X: MatrixInput) => Matrix)(this.transformThrough(X, this.params.steps.length - 1));
  }
  decisionFunction(X: PipelineInput): unknown {
    const last = this.final('decisionFunction');
    return (last.decisionFunction as (X: MatrixInput) => unknown)(this.transformThrough(X, this.params.steps.length - 1));
  }
  /** The final estimator's score on the transformed X. */
  score(X: PipelineInput, y: Labels): number {
    const last = this.final('score');
    return last.score!(this.transformThrough(X, this.params.steps.length - 1), y);
  }
  /** The classes of the final classifier. */
  get classes(): readonly number[] | readonly string[] {
    const last = this.fittedFinal as unknown as { classes?: readonly number[] | readonly string[] } | null;
    if (last === null || last.classes === undefined) throw new ArgumentError('Pipeline.classes: the final step is not a classifier');
    return last.classes;
  }
  /** X through every step (the final one must be a transformer or 'passthrough'). */
  transform(X: PipelineInput): Matrix {
    this.fittedFinal;
    const n = this.params.steps.length;
    const Xt = this.transformThrough(X, n - 1);
    const last = this.finalStep;
    if (last === null) return asMatrix(Xt, 'Pipeline.transform');
    if (typeof last.transform !== 'function') throw new ArgumentError('Pipeline.transform: the final step has no transform');
    return asMatrix(last.transform(Xt), 'Pipeline.transform');
  }
  fitTransform(X: PipelineInput, y?: Labels, options?: FitOptions): Matrix {
    const Xt = this.fitTransformers(X, y, options);
    const last = this.finalStep;
    let out: Matrix;
    if (last === null) out = asMatrix(Xt, 'Pipeline.fitTransform');
    else if (typeof last.fitTransform === 'function') out = asMatrix(last.fitTransform(Xt, y, { signal: options?.signal }), 'Pipeline.fitTransform');
    else {
      last.fit(Xt, y, { signal: options?.signal });
      if (typeof last.transform !== 'function') throw new ArgumentError('Pipeline.fitTransform: the final step has no transform');
      out = asMatrix(last.transform(Xt), 'Pipeline.fitTransform');
    }
    this.fittedFlag = true;
    return out;
  }
  /** { type: 'Pipeline', params: { steps: [[name, step JSON | 'passthrough' | null]] }, state: { fitted } }. */
  toJSON(): EstimatorJSON {
    const steps = this.params.steps.map(([name, est]) => [name, stepToJSON(est, `Pipeline.toJSON: step "${name}"`)]);
    return { type: 'Pipeline', params: { steps }, state: this.fittedFlag ? { fitted: true } : null };
  }

  /**
   * A Pipeline from toJSON's output, fitted if it was; `revivers` names the classes its steps may be
   * (estimatorFromJSON passes every class of @neurite/ml and @neurite/features).
   */
  static fromJSON(json: EstimatorJSON, revivers?: JSONRevivers): Pipeline {
    const { params, state } = checkCompositeJSON(json, 'Pipeline');
    if (!Array.isArray(params.steps)) throw new ArgumentError('Pipeline.fromJSON: params.steps must be an array of [name, step]');
    const steps = params.steps.map((step: unknown, i: number) => {
      if (!Array.isArray(step) || step.length !== 2) throw new ArgumentError(`Pipeline.fromJSON: steps[${i}] must be [name, step]`);
      const est = stepFromJSON(step[1], revivers, `Pipeline.fromJSON: step "${String(step[0])}"`);
      if (est === 'drop') throw new ArgumentError(`Pipeline.fromJSON: step "${String(step[0])}" is 'drop', which only a ColumnTransformer takes`);
      return [step[0], est] as PipelineStep;
    });
    const pipeline = new Pipeline(steps);
    if (state !== null) {
      if (state.fitted !== true) throw new ArgumentError('Pipeline.fromJSON: state must be null or { fitted: true }');
      pipeline.fittedFlag = true;
    }
    return pipeline;
  }

  /** Back through every step in reverse (each must have inverseTransform). */
  inverseTransform(X: MatrixInput): Matrix {
    this.fittedFinal;
    let Xt = X as MatrixInput;
    for (let i = this.params.steps.length - 1; i >= 0; i--) {
      const [name, est] = this.params.steps[i]!;
      if (est === 'passthrough' || est === null) continue;
      const t = est as Fittable;
      if (typeof t.inverseTransform !== 'function') throw new ArgumentError(`Pipeline.inverseTransform: step "${name}" has no inverseTransform`);
      Xt = asMatrix(t.inverseTransform(Xt), `Pipeline: inverse of step "${name}"`);
    }
    return asMatrix(Xt, 'Pipeline.inverseTransform');
  }
}

/** A Pipeline whose step names are the lower-cased class names (repeats numbered 'name-1', 'name-2'). */
export function makePipeline(...steps: (Estimator | 'passthrough')[]): Pipeline {
  const names = nameByClass(steps);
  return new Pipeline(steps.map((s, i) => [names[i]!, s] as const));
}
