// Masked-language-model inputs (Devlin et al. 2019, section 3.1; Hugging Face's
// DataCollatorForLanguageModeling): each non-special token is selected with probability 0.15; a
// selected token becomes [MASK] 80% of the time, a uniformly random token 10%, and stays 10%.
// Labels hold the original id at selected positions and `ignoreIndex` (-100) elsewhere, so the
// cross-entropy (with ignoreIndex) counts the masked positions only.
import { ArgumentError, Generator } from '@neurite/tensor';

export interface MaskingOptions {
  vocabSize: number;
  maskTokenId: number;
  /** Ids never selected ([CLS], [SEP], [PAD], ...). */
  specialTokenIds?: readonly number[];
  /** Selection probability. Default 0.15. */
  probability?: number;
  /** Label of unselected positions. Default -100. */
  ignoreIndex?: number;
  seed?: number;
  generator?: Generator;
}

export function maskForLanguageModeling(ids: ArrayLike<number>, options: MaskingOptions): { inputIds: Int32Array; labels: Int32Array } {
  if (options === null || typeof options !== 'object') throw new ArgumentError('maskForLanguageModeling: options must be an object');
  const { vocabSize, maskTokenId } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < 1) throw new ArgumentError(`maskForLanguageModeling: vocabSize must be an integer >= 1, got ${vocabSize}`);
  if (!Number.isInteger(maskTokenId) || maskTokenId < 0 || maskTokenId >= vocabSize) throw new ArgumentError(`maskForLanguageModeling: maskTokenId must be an id in [0, ${vocabSize}), got ${maskTokenId}`);
  const probability = options.probability ?? 0.15;
  if (!(probability >= 0 && probability <= 1)) throw new ArgumentError(`maskForLanguageModeling: probability must be in [0, 1], got ${options.probability}`);
  const ignoreIndex = options.ignoreIndex ?? -100;
  const special = new Set(options.specialTokenIds ?? []);
  const random = options.generator ?? new Generator(options.seed ?? 0);
  const inputIds = Int32Array.from(ids);
  const labels = new Int32Array(inputIds.length).fill(ignoreIndex);
  for (let i = 0; i < inputIds.length; i++) {
    const id = inputIds[i]!;
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new ArgumentError(`maskForLanguageModeling: ids[${i}] = ${ids[i]} is not a token id in [0, ${vocabSize})`);
    if (special.has(id) || random.random() >= probability) continue;
    labels[i] = id;
    const u = random.random();
    if (u < 0.8) inputIds[i] = maskTokenId;
    else if (u < 0.9) inputIds[i] = random.integer(0, vocabSize);
  }
  return { inputIds, labels };
}
