// Clustering: k-means (Lloyd, Elkan, mini-batch), agglomerative clustering and SciPy-style linkage.
export { KMeans, type KMeansParams } from './kmeans.ts';
export { AgglomerativeClustering, type AgglomerativeClusteringParams } from './agglomerative.ts';
export { linkage, type LinkageMatrix, type LinkageMethod } from './linkage.ts';
export { fcluster, leavesList, maxDistances } from './fcluster.ts';
export { MiniBatchKMeans, type MiniBatchKMeansParams } from './mini-batch-kmeans.ts';
