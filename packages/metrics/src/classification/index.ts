// Filled by the classification work; re-exported from the package root.
export {};
