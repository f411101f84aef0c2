// Filled by the regression work; re-exported from the package root.
export {};
