// Filled by the clustering work; re-exported from the package root.
export {};
