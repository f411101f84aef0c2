// Filled by the reinforcement work; re-exported from the package root.
export {};
