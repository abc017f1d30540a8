// Types of precompress.js (plain JS: svelte.config.js imports it before any TypeScript loader runs).
import type { Adapter } from '@sveltejs/kit';
export const COMPRESSIBLE: RegExp;
export const LARGE: number;
export const CACHED: number;
export function levelsFor(size: number): { br: import('node:zlib').BrotliOptions; gz: import('node:zlib').ZlibOptions; tag: string };
export function precompressTree(dir: string, options?: { cacheDir?: string; log?: (msg: string) => void }): Promise<{ files: number; cached: number; compressed: number; ms: number }>;
export function precompressed(inner: Adapter, outDir: string): Adapter;
