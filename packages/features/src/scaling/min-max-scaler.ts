// Min-max scaling to a feature range, as scikit-learn's MinMaxScaler:
//   scale = (hi - lo) / (max - min)   (a range below 10 eps counts as 1: constant columns map to lo)
//   offset = lo - min * scale;  transform x * scale + offset;  inverse (x - offset) / scale.
// With `clip`, transformed values of held-out data are clipped to [lo, hi].
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { checkBoolean, checkColumns, checkFinite, checkFitTable } from '../base/validate.ts';
import { handleZerosInScale } from './scale-utils.ts';

export interface MinMaxScalerParams extends Record<string, unknown> {
  /** The target range [lo, hi] with lo < hi; [0, 1] by default, [-1, 1] is the other common choice. */
  featureRange: readonly [number, number];
  /** Clip transformed values to featureRange (for held-out data outside the training range). */
  clip: boolean;
}

interface MinMaxState {
  dataMin: Float64Array;
  dataMax: Float64Array;
  scale: Float64Array;
  offset: Float64Array;
}

export class MinMaxScaler extends BaseTransformer<MinMaxScalerParams, MinMaxState> {
  constructor(params?: Partial<MinMaxScalerParams>) {
    super({ featureRange: [0, 1], clip: false }, params);
  }

  protected get typeName(): string {
    return 'MinMaxScaler';
  }

  protected override validateParams(p: MinMaxScalerParams): void {
    const r = p.featureRange as unknown;
    if (!Array.isArray(r) || r.length !== 2) throw new ArgumentError(`MinMaxScaler: featureRange must be [lo, hi], got ${JSON.stringify(r)}`);
    checkFinite(r[0], 'MinMaxScaler: featureRange[0]');
    checkFinite(r[1], 'MinMaxScaler: featureRange[1]');
    if (!(r[0] < r[1])) throw new ArgumentError(`MinMaxScaler: featureRange must have lo < hi, got [${r[0]}, ${r[1]}]`);
    checkBoolean(p.clip, 'MinMaxScaler: clip');
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const fitX = toMatrix(X, 'MinMaxScaler.fit: X');
    checkFitTable(fitX, 'MinMaxScaler.fit');
    const { rows, cols, data } = fitX;
    const dataMin = new Float64Array(cols).fill(Infinity);
    const dataMax = new Float64Array(cols).fill(-Infinity);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = data[i * cols + j]!;
        if (v < dataMin[j]!) dataMin[j] = v;
        if (v > dataMax[j]!) dataMax[j] = v;
      }
    }
    const [lo, hi] = this.params.featureRange;
    const range = dataMax.map((mx, j) => mx - dataMin[j]!);
    const safe = handleZerosInScale(range);
    const scale = safe.map((r) => (hi - lo) / r);
    const offset = dataMin.map((mn, j) => lo - mn * scale[j]!);
    this.learned = { dataMin, dataMax, scale, offset };
    return this;
  }

  /** Per-column minimum, maximum, scale and offset learned by fit (copies). */
  get dataMin(): Float64Array {
    return this.state('dataMin').dataMin.slice();
  }
  get dataMax(): Float64Array {
    return this.state('dataMax').dataMax.slice();
  }
  get scale(): Float64Array {
    return this.state('scale').scale.slice();
  }
  get offset(): Float64Array {
    return this.state('offset').offset.slice();
  }

  transform(X: MatrixInput): Matrix {
    const s = this.state('transform');
    const m = toMatrix(X, 'MinMaxScaler.transform: X');
    checkColumns(m.cols, s.scale.length, 'MinMaxScaler.transform');
    const [lo, hi] = this.params.featureRange;
    const { cols, data } = m;
    const out = new Float64Array(data.length);
    for (let k = 0; k < data.length; k++) {
      const j = k % cols;
      let v = data[k]! * s.scale[j]! + s.offset[j]!;
      if (this.params.clip) v = Math.min(Math.max(v, lo), hi);
      out[k] = v;
    }
    return { rows: m.rows, cols, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  inverseTransform(X: MatrixInput): Matrix {
    const s = this.state('inverseTransform');
    const m = toMatrix(X, 'MinMaxScaler.inverseTransform: X');
    checkColumns(m.cols, s.scale.length, 'MinMaxScaler.inverseTransform');
    const out = new Float64Array(m.data.length);
    for (let k = 0; k < out.length; k++) {
      const j = k % m.cols;
      out[k] = (m.data[k]! - s.offset[j]!) / s.scale[j]!;
    }
    return { rows: m.rows, cols: m.cols, data: out };
  }

  protected stateToJSON(s: MinMaxState): unknown {
    return { dataMin: numbersToJSON(s.dataMin), dataMax: numbersToJSON(s.dataMax), scale: numbersToJSON(s.scale), offset: numbersToJSON(s.offset) };
  }

  static fromJSON(json: TransformerJSON | unknown): MinMaxScaler {
    const { params, state } = checkJSON(json, 'MinMaxScaler');
    const t = new MinMaxScaler(params as Partial<MinMaxScalerParams>);
    if (state) {
      const w = 'MinMaxScaler.fromJSON';
      const dataMin = numbersFromJSON(state.dataMin, `${w}: dataMin`);
      const n = dataMin.length;
      t.learned = {
        dataMin, dataMax: numbersFromJSON(state.dataMax, `${w}: dataMax`, n),
        scale: numbersFromJSON(state.scale, `${w}: scale`, n), offset: numbersFromJSON(state.offset, `${w}: offset`, n),
      };
    }
    return t;
  }
}
