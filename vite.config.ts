import { sveltekit } from '@sveltejs/kit/vite';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'vite';

const require = createRequire(import.meta.url);
const wasmBytes = (name: string) => statSync(require.resolve(`@duckdb/duckdb-wasm/dist/${name}`)).size;

export default defineConfig({
  plugins: [sveltekit()],
  // DuckDB-WASM ships its own worker and .wasm files; we import them with `?url`, so Vite must not pre-bundle it.
  optimizeDeps: { exclude: ['@duckdb/duckdb-wasm'] },
  worker: { format: 'es' },
  // The loading state shows the .wasm's transfer progress; DuckDB reports decompressed bytes, so it needs their size.
  define: { __GONGKAI_WASM_BYTES__: JSON.stringify({ eh: wasmBytes('duckdb-eh.wasm'), mvp: wasmBytes('duckdb-mvp.wasm') }) },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { fs: { allow: ['.'] } },
});
