export * from './cluster/index.js';
export * from './config.js';
export * from './detect.js';
export * from './git.js';
export * from './parse.js';
export * from './read.js';
