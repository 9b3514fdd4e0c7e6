// Public API of plan.
export {};
