/**
 * Synthetic reports for tests and benchmarks: realistic values, every layout the parser accepts, both
 * templates and scripts, optional arithmetic errors and broken files, each with its ground truth.
 * Synthetic data never goes into data/reports.
 */
export type { Encoding, Layout, SynthReport } from './types.ts';
export { ENCODINGS, LAYOUTS, LOSSY_LAYOUTS } from './types.ts';
export { collapseOther, gluedStyleOf, gluedText, type GluedStyle } from './glued.ts';
export { randomCase, randomReport, templateOfYear, type RandomReportOptions, type SynthCase } from './generate.ts';
export { encode, expectedCells, renderReport, renderText } from './render.ts';
export { chance, int, pick, reportSeed, seededRng, type Rng } from './random.ts';
export { BROKEN_KINDS, brokenFile, type BrokenKind } from './broken.ts';
export { corpusFile, fileStem, type CorpusFile, type CorpusOptions, type Truth } from './corpus.ts';
export type { InjectedError } from './values.ts';
