export { augmentImages, flipImages, type ImageAugmentOptions, type InverseAffine, inverseAffine, transformImage } from './augment-image.ts';
export { randomDeletion, randomSwap, type SynonymMap, synonymReplacement } from './augment-text.ts';
export {
  type Batch, type Column, type ColumnData, type Columns, DataLoader, type DataLoaderOptions, type LoaderBatch, splitColumns, takeRows, type TensorBatch,
} from './data-loader.ts';
export { loadMnist, type MnistDigitSource, type MnistOptions, type MnistSplit } from './mnist.ts';
export { deriveSeed, randomInt, type RandomSource, randomUniform, seededRandom } from './random.ts';
