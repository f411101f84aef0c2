// Filled by the compose work; re-exported from the package root.
export {};
