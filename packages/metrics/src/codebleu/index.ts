// Filled by the codebleu work; re-exported from the package root.
export {};
