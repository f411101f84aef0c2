// Clustering: k-means (Lloyd, Elkan, mini-batch), agglomerative clustering and SciPy-style linkage.
export { KMeans, type KMeansParams } from './kmeans.ts';
