// Filled by the neighbors work; re-exported from the package root.
export {};
