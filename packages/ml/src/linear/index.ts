// Filled by the linear work; re-exported from the package root.
export {};
