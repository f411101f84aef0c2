// Filled by the tree work; re-exported from the package root.
export {};
