// Filled by the naive-bayes work; re-exported from the package root.
export {};
