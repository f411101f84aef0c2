import { DTypeError, indexSelect, type Tensor, tensor } from '@neurite/tensor';
import { nextDefaultSeed, normalValues } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkElements, checkSize, optionsOf } from '../validate.ts';

/**
 * A lookup table [numEmbeddings, dim]: int32 indices [...] -> [..., dim]. Initialized N(0, 1) as
 * PyTorch's nn.Embedding. The gradient scatters into the rows that were used.
 */
export class Embedding extends Module {
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: { seed?: number } = {}) {
    super();
    checkSize(numEmbeddings, 'Embedding: numEmbeddings');
    checkSize(embeddingDim, 'Embedding: embeddingDim');
    checkElements('Embedding: weight [numEmbeddings, embeddingDim]', numEmbeddings, embeddingDim);
    options = optionsOf(options, 'Embedding');
    this.registerParameter('weight', tensor(normalValues(numEmbeddings * embeddingDim, 1, options.seed ?? nextDefaultSeed()), [numEmbeddings, embeddingDim]));
  }

  get weight(): Tensor {
    return this.param('weight');
  }

  override describe(): string {
    return `${this.numEmbeddings}, dim=${this.embeddingDim}`;
  }

  forward(indices: Tensor): Tensor {
    if (indices.dtype !== 'int32') throw new DTypeError(`Embedding: indices must be int32, got ${indices.dtype}`);
    return indexSelect(this.weight, 0, indices);
  }
}
