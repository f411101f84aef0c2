// Clustering metrics: silhouette coefficients and the (adjusted) Rand index.
export { silhouetteSamples, silhouetteScore, type SilhouetteOptions } from './silhouette.ts';
export { adjustedRandScore, pairConfusionMatrix, randScore } from './rand-index.ts';
