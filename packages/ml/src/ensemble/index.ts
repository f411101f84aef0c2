// Filled by the ensemble work; re-exported from the package root.
export {};
