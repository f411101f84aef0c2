// Filled by the semi-supervised work; re-exported from the package root.
export {};
