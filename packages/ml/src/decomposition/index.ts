// Decomposition and embeddings: PCA (covariance eigendecomposition, full and randomized SVD),
// randomized SVD, t-SNE (exact and Barnes-Hut) and the trustworthiness of an embedding.
export { PCA, type PCAParams } from './pca.ts';
export { randomizedSvd, type TruncatedSvd } from './randomized-svd.ts';
export { TSNE, type TSNEParams } from './tsne.ts';
export { trustworthiness } from './trustworthiness.ts';
