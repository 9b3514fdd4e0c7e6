// Public API of rules.
export {};
