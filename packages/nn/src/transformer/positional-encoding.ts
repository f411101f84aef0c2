// Position information for transformers:
//   SinusoidalPositionalEncoding  x + PE, PE[p, 2i] = sin(p / 10000^(2i/E)), PE[p, 2i+1] = cos(...) (Vaswani et al. 2017)
//   LearnedPositionalEmbedding    x + W[p] with a trained [maxLength, E] table (BERT, GPT-2)
//   RotaryEmbedding               rotates query/key features by position (RoPE; Su et al. 2021, RoFormer)
// Inputs are batch-first [B, T, E] (or [T, E]); positionOffset shifts positions (incremental decoding).
import { add, reshape, rope, type RopeOptions, ShapeError, slice, tensor, type Tensor } from '@neurite/tensor';
import { nextDefaultSeed, normalValues } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkCount, checkSize, optionsOf } from '../validate.ts';

export interface PositionOptions {
  /** Position of the first time step (default 0). */
  positionOffset?: number;
}

/** Rows [offset, offset + T) of a [maxLength, E] table, shaped to broadcast over x [B, T, E] or [T, E]. */
function rowsFor(what: string, table: Tensor, x: Tensor, options: PositionOptions | undefined): Tensor {
  const [maxLength, e] = table.shape as [number, number];
  if ((x.rank !== 2 && x.rank !== 3) || x.shape[x.rank - 1] !== e) throw new ShapeError(`${what}: input must be [B, T, ${e}] or [T, ${e}], got [${x.shape}]`);
  const t = x.shape[x.rank - 2]!;
  const offset = checkCount(optionsOf(options, what).positionOffset ?? 0, `${what}: positionOffset`);
  if (offset + t > maxLength) throw new ShapeError(`${what}: positions up to ${offset + t} exceed maxLength ${maxLength}`);
  const rows = slice(table, [{ start: offset, stop: offset + t }]);
  return x.rank === 3 ? reshape(rows, [1, t, e]) : rows;
}

export class SinusoidalPositionalEncoding extends Module<PositionOptions> {
  constructor(readonly embedDim: number, readonly maxLength = 5000) {
    super();
    checkSize(embedDim, 'SinusoidalPositionalEncoding: embedDim');
    checkSize(maxLength, 'SinusoidalPositionalEncoding: maxLength');
    const pe = new Float64Array(maxLength * embedDim);
    for (let p = 0; p < maxLength; p++) {
      for (let i = 0; i < embedDim; i += 2) {
        const angle = p / Math.pow(10000, i / embedDim);
        pe[p * embedDim + i] = Math.sin(angle);
        if (i + 1 < embedDim) pe[p * embedDim + i + 1] = Math.cos(angle);
      }
    }
    this.registerBuffer('pe', tensor(pe, [maxLength, embedDim], { dtype: 'float32' }));
  }

  forward(x: Tensor, options?: PositionOptions): Tensor {
    return add(x, rowsFor('SinusoidalPositionalEncoding', this.buffer('pe'), x, options));
  }
}

export class LearnedPositionalEmbedding extends Module<PositionOptions> {
  /** weight [maxLength, embedDim], initialized N(0, std) (default 0.02, GPT-2's). */
  constructor(readonly maxLength: number, readonly embedDim: number, options: { std?: number; seed?: number } = {}) {
    super();
    checkSize(maxLength, 'LearnedPositionalEmbedding: maxLength');
    checkSize(embedDim, 'LearnedPositionalEmbedding: embedDim');
    const o = optionsOf(options, 'LearnedPositionalEmbedding');
    this.registerParameter('weight', tensor(normalValues(maxLength * embedDim, o.std ?? 0.02, o.seed ?? nextDefaultSeed()), [maxLength, embedDim]));
  }

  forward(x: Tensor, options?: PositionOptions): Tensor {
    return add(x, rowsFor('LearnedPositionalEmbedding', this.param('weight'), x, options));
  }
}

/** RoPE as a module (no parameters): forward(x [..., T, D] or with timeAxis, { positionOffset }). */
export class RotaryEmbedding extends Module<PositionOptions & { timeAxis?: number }> {
  constructor(readonly options: Omit<RopeOptions, 'positionOffset' | 'timeAxis'> = {}) {
    super();
    optionsOf(options, 'RotaryEmbedding');
  }

  forward(x: Tensor, options: PositionOptions & { timeAxis?: number } = {}): Tensor {
    return rope(x, { ...this.options, positionOffset: options.positionOffset ?? 0, timeAxis: options.timeAxis });
  }
}
