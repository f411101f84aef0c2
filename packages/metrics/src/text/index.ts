// Filled by the text work; re-exported from the package root.
export {};
