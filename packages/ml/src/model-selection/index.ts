// Filled by the model-selection work; re-exported from the package root.
export {};
