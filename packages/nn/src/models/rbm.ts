import { add, Generator, ShapeError, linear, lt, mean, mul, noGrad, rand, scope, sigmoid, softplus, sub, sum, type Tensor, tensor, transpose, matmul, zeros } from '@neurite/tensor';
import { deriveSeed } from '../data/random.ts';
import { nextDefaultSeed, normalValues } from '../module/init.ts';
import { Module } from '../module/module.ts';
import { checkBoolean, checkCount, checkElements, checkNumber, checkSize, describeValue, invalidArgument, optionsOf } from '../validate.ts';

export interface RbmFitOptions {
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  /** Gibbs steps per update (CD-k; default 1). */
  k?: number;
  /** Persistent contrastive divergence (Tieleman 2008): keep the negative chain across updates. */
  persistent?: boolean;
  seed?: number;
  /** Called after every epoch with the mean squared reconstruction error. */
  onEpoch?: (epoch: number, reconstructionError: number) => void;
}

/**
 * Bernoulli restricted Boltzmann machine (Smolensky 1986; Hinton 2002): binary visible units v and
 * hidden units h with energy E(v, h) = -v.b - h.c - v W h, so p(h = 1 | v) = sigmoid(v W + c) and
 * p(v = 1 | h) = sigmoid(h W^T + b). Trained by contrastive divergence (CD-k, Gibbs chains started at
 * the data) or persistent CD (chains carried across updates): W += lr (v0^T p(h|v0) - vk^T p(h|vk)) / n.
 * Visible values in [0, 1] are used as probabilities for the positive phase. Parameters: weight
 * [visible, hidden], visibleBias, hiddenBias (saved with the module's state dict).
 */
export class BernoulliRBM extends Module {
  /** Persistent chain state (PCD) kept on the host, so the RBM holds no tensors between calls. */
  private chain: Float32Array | undefined;
  private random: Generator;

  constructor(readonly numVisible: number, readonly numHidden: number, options: { seed?: number } = {}) {
    super();
    checkSize(numVisible, 'BernoulliRBM: numVisible');
    checkSize(numHidden, 'BernoulliRBM: numHidden');
    checkElements('BernoulliRBM: weight [numVisible, numHidden]', numVisible, numHidden);
    options = optionsOf(options, 'BernoulliRBM');
    if (options.seed !== undefined) checkNumber(options.seed, 'BernoulliRBM: seed');
    const seed = options.seed ?? nextDefaultSeed();
    this.registerParameter('weight', tensor(normalValues(numVisible * numHidden, 0.01, seed), [numVisible, numHidden]));
    this.registerParameter('visibleBias', zeros([numVisible]));
    this.registerParameter('hiddenBias', zeros([numHidden]));
    this.random = new Generator(deriveSeed(seed, 1));
  }

  override describe(): string {
    return `visible=${this.numVisible}, hidden=${this.numHidden}`;
  }

  /** p(h = 1 | v) for v [N, visible] -> [N, hidden] (the learned features). */
  forward(v: Tensor): Tensor {
    return linear(v, this.param('weight'), this.param('hiddenBias'), { activation: 'sigmoid' });
  }

  /** p(v = 1 | h) for h [N, hidden] -> [N, visible]. */
  visibleProbabilities(h: Tensor): Tensor {
    return linear(h, this.param('weight'), this.param('visibleBias'), { activation: 'sigmoid', weightLayout: 'oi' });
  }

  /** Bernoulli samples (0/1) of probabilities p. */
  sample(p: Tensor): Tensor {
    return scope(() => lt(rand(p.shape, { generator: this.random }), p));
  }

  /** One Gibbs step v -> h -> v' (sampled), returning v' (sampled). */
  gibbs(v: Tensor): Tensor {
    return noGrad(() => scope(() => this.sample(this.visibleProbabilities(this.sample(this.forward(v))))));
  }

  /** Mean-field reconstruction p(v | p(h | v)). */
  reconstruct(v: Tensor): Tensor {
    return noGrad(() => scope(() => this.visibleProbabilities(this.forward(v))));
  }

  /** Free energy F(v) = -v.b - sum_j softplus(c_j + (v W)_j), per row [N]. Lower is more probable. */
  freeEnergy(v: Tensor): Tensor {
    return noGrad(() => scope(() => {
      const visibleTerm = sum(mul(v, this.param('visibleBias')), -1);
      const hiddenTerm = sum(softplus(linear(v, this.param('weight'), this.param('hiddenBias'))), -1);
      return mul(add(visibleTerm, hiddenTerm), -1);
    }));
  }

  /** Trains on rows of `data` ([N, visible], values in [0, 1]). Returns the reconstruction error per epoch. */
  fit(data: Float32Array, options: RbmFitOptions): number[] {
    if (!(data instanceof Float32Array)) invalidArgument(`BernoulliRBM.fit: data must be a Float32Array, got ${describeValue(data)}`);
    const n = data.length / this.numVisible;
    if (!Number.isInteger(n)) throw new ShapeError(`BernoulliRBM.fit: data length ${data.length} is not a multiple of ${this.numVisible} visible units`);
    options = optionsOf(options, 'BernoulliRBM.fit') as RbmFitOptions;
    checkCount(options.epochs, 'BernoulliRBM.fit: epochs');
    const batchSize = checkCount(options.batchSize ?? 32, 'BernoulliRBM.fit: batchSize', 1, 0x7fffffff);
    const lr = checkNumber(options.learningRate ?? 0.05, 'BernoulliRBM.fit: learningRate', { min: 0 });
    const k = checkCount(options.k ?? 1, 'BernoulliRBM.fit: k', 1, 1 << 20);
    checkBoolean(options.persistent ?? false, 'BernoulliRBM.fit: persistent');
    if (options.onEpoch !== undefined && typeof options.onEpoch !== 'function') invalidArgument('BernoulliRBM.fit: onEpoch must be a function');
    const order = new Generator(checkNumber(options.seed ?? 0, 'BernoulliRBM.fit: seed'));
    const errors: number[] = [];
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const permutation = order.permutation(n);
      let errorSum = 0;
      for (let from = 0; from + batchSize <= n; from += batchSize) {
        const batch = new Float32Array(batchSize * this.numVisible);
        for (let r = 0; r < batchSize; r++) {
          const row = permutation[from + r]!;
          batch.set(data.subarray(row * this.numVisible, (row + 1) * this.numVisible), r * this.numVisible);
        }
        errorSum += this.update(batch, batchSize, lr, k, options.persistent ?? false) * batchSize;
      }
      const error = errorSum / (Math.floor(n / batchSize) * batchSize);
      errors.push(error);
      options.onEpoch?.(epoch, error);
    }
    return errors;
  }

  /** One CD-k / PCD update on a batch; returns its mean squared reconstruction error. */
  private update(batch: Float32Array, rows: number, lr: number, k: number, persistent: boolean): number {
    return noGrad(() => {
      const w = this.param('weight'), b = this.param('visibleBias'), c = this.param('hiddenBias');
      return scope(() => {
        const v0 = tensor(batch, [rows, this.numVisible]);
        const ph0 = this.forward(v0);
        let vk: Tensor;
        if (persistent && this.chain !== undefined && this.chain.length === rows * this.numVisible) vk = tensor(this.chain, [rows, this.numVisible]);
        else vk = v0;
        for (let step = 0; step < k; step++) {
          const hk = this.sample(step === 0 && vk === v0 ? ph0 : this.forward(vk));
          vk = this.sample(this.visibleProbabilities(hk));
        }
        const phk = this.forward(vk);
        const scale = lr / rows;
        const positive = matmul(transpose(v0), ph0);
        const negative = matmul(transpose(vk), phk);
        w.assignInPlace_(add(w, mul(sub(positive, negative), scale)));
        b.assignInPlace_(add(b, mul(mean(sub(v0, vk), 0), lr)));
        c.assignInPlace_(add(c, mul(mean(sub(ph0, phk), 0), lr)));
        if (persistent) this.chain = vk.toArray() as Float32Array;
        const reconstruction = this.visibleProbabilities(ph0);
        return mean(mul(sub(v0, reconstruction), sub(v0, reconstruction))).item();
      });
    });
  }

  override dispose(): void {
    this.chain = undefined;
    super.dispose();
  }
}
