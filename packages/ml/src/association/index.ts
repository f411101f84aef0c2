// Filled by the association work; re-exported from the package root.
export {};
