// Decomposition: PCA (covariance eigendecomposition, full and randomized SVD) and randomized SVD.
export { PCA, type PCAParams } from './pca.ts';
export { randomizedSvd, type TruncatedSvd } from './randomized-svd.ts';
