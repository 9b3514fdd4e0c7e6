export * from './detect.js';
export * from './parse.js';
export * from './read.js';
