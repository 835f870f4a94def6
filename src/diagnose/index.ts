/**
 * Structuring machine-learning projects: bias/variance/data-mismatch diagnosis.
 * @packageDocumentation
 */
export * from './diagnose.js';
