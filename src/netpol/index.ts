// Public API of netpol.
export {};
