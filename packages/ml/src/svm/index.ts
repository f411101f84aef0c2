// Filled by the svm work; re-exported from the package root.
export {};
