/**
 * Structuring machine-learning projects: bias/variance/data-mismatch diagnosis.
 * @packageDocumentation
 */

export * from './confusion-png.js';
export * from './contact-sheet.js';
export * from './diagnose.js';
export * from './error-analysis.js';
export * from './label-corrections.js';
export * from './synthesize.js';
export * from './tags-csv.js';
export * from './tiny-font.js';
