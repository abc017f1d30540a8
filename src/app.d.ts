/// <reference types="vite/client" />
/// <reference types="@sveltejs/kit" />
declare global {
  namespace App {}
  /** Sizes of DuckDB-WASM's .wasm bundles in bytes (vite.config.ts `define`). */
  const __GONGKAI_WASM_BYTES__: { eh: number; mvp: number };
}
export {};
