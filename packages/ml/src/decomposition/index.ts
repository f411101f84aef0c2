// Filled by the decomposition work; re-exported from the package root.
export {};
