// The base of every transformer of @neurite/features. It satisfies @neurite/ml's Transformer
// protocol structurally (features may not import ml, DESIGN.md section 1): the constructor stores
// hyperparameters only (validated against the defaults' keys); getParams / setParams; fit returns
// `this`; learned state is set only by fit and reading it earlier throws NotFittedError; toJSON()
// writes { type, params, state } and each class's static fromJSON reads it back.
import { ArgumentError, NotFittedError } from '@neurite/tensor';
import type { TransformerJSON } from './json.ts';
import { describe } from './validate.ts';

export type Params = Record<string, unknown>;

export abstract class BaseTransformer<P extends Params, S> {
  protected params: P;
  /** Learned state, undefined until fit. */
  protected learned: S | undefined;

  /** `defaults` lists every hyperparameter; `params` may override any of them and nothing else. */
  protected constructor(defaults: P, params: Partial<P> | undefined) {
    this.params = { ...defaults };
    if (params !== undefined) this.assignParams(params);
  }

  /** The class name used in errors and in the serialised form. */
  protected abstract get typeName(): string;

  /** A copy of the hyperparameters. */
  getParams(): P {
    return { ...this.params };
  }

  /** Sets hyperparameters by name (unknown names throw ArgumentError); learned state is kept until the next fit. */
  setParams(params: Partial<P>): this {
    this.assignParams(params);
    return this;
  }

  /** True once fit has run. */
  get isFitted(): boolean {
    return this.learned !== undefined;
  }

  private assignParams(params: Partial<P>): void {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new ArgumentError(`${this.typeName}: parameters must be an object, got ${describe(params)}`);
    for (const key of Object.keys(params)) {
      if (!(key in this.params)) throw new ArgumentError(`${this.typeName}: unknown parameter "${key}"; expected one of ${Object.keys(this.params).join(', ')}`);
    }
    const next = { ...this.params };
    for (const [key, value] of Object.entries(params)) if (value !== undefined) (next as Params)[key] = value;
    this.validateParams(next);
    this.params = next;
  }

  /** Checks a full set of hyperparameters; throws naming the bad one. Called before they are stored. */
  protected validateParams(_params: P): void {}

  /** The learned state, or NotFittedError naming the class and `member`. */
  protected state(member: string): S {
    if (this.learned === undefined) throw new NotFittedError(`${this.typeName}.${member}`);
    return this.learned;
  }

  /** The learned state in JSON form (called only when fitted). */
  protected abstract stateToJSON(state: S): unknown;

  /** { type, params, state } with state null before fit; JSON.stringify-able. */
  toJSON(): TransformerJSON {
    return { type: this.typeName, params: { ...this.params }, state: this.learned === undefined ? null : this.stateToJSON(this.learned) };
  }
}
