// Filled by the cluster work; re-exported from the package root.
export {};
