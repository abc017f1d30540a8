/**
 * Bytes fetched while the dashboard starts, for the loading state: DuckDB's .wasm (from its own
 * instantiation progress) and the data (every range request of the Parquet reader, counted as its
 * body arrives). Transferred bytes, so the figures match what the network carries.
 */
export interface Bytes {
  loaded: number;
  total: number;
}
export interface LoadProgress {
  engine: Bytes;
  data: Bytes;
}

const state: LoadProgress = { engine: { loaded: 0, total: 0 }, data: { loaded: 0, total: 0 } };
const listeners = new Set<(p: LoadProgress) => void>();
let queued = false;

function emit(): void {
  // Many small chunks arrive per frame: tell the page at most once per task.
  if (queued) return;
  queued = true;
  queueMicrotask(() => {
    queued = false;
    const snapshot = { engine: { ...state.engine }, data: { ...state.data } };
    for (const l of listeners) l(snapshot);
  });
}

export function onLoadProgress(fn: (p: LoadProgress) => void): () => void {
  listeners.add(fn);
  fn({ engine: { ...state.engine }, data: { ...state.data } });
  return () => listeners.delete(fn);
}

/**
 * DuckDB reports the decompressed bytes it has read (`loaded`) against the response's Content-Length
 * (`total`), which is the compressed size when the server sent Brotli or gzip. `rawBytes` (the .wasm's
 * own size) turns the decompressed count into the share of the transfer done.
 */
export function engineBytes(loaded: number, total: number, rawBytes: number): Bytes {
  if (total > 0 && rawBytes > 0 && total < rawBytes) return { loaded: Math.min(total, Math.round((loaded * total) / rawBytes)), total };
  const t = total || rawBytes;
  return { loaded: t ? Math.min(loaded, t) : loaded, total: t };
}

let fetched = false;
export function reportEngine(b: Bytes): void {
  state.engine = b;
  // When the .wasm has arrived (the bench separates its transfer from its compilation).
  if (!fetched && b.total > 0 && b.loaded >= b.total) {
    fetched = true;
    performance.mark?.('gongkai:wasm-fetched');
  }
  emit();
}

/** A fetch that counts what it receives into the data progress (hyparquet takes it as its fetch). */
export const countingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const length = Number(res.headers.get('content-length')) || 0;
  state.data.total += length;
  emit();
  if (!res.body || typeof TransformStream !== 'function') {
    state.data.loaded += length;
    return res;
  }
  const counted = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, out) {
      state.data.loaded += chunk.byteLength;
      emit();
      out.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
};
