import adapter from '@sveltejs/adapter-static';

/** Fully static site: every page is prerendered as a shell and all data is read in the browser. */
export default {
  kit: {
    // Brotli at maximum quality takes minutes on DuckDB's two 35 MB .wasm files; GONGKAI_FAST_BUILD=1 skips it while developing.
    adapter: adapter({ pages: 'build', assets: 'build', precompress: process.env.GONGKAI_FAST_BUILD !== '1', strict: true }),
    // The site shows untrusted report text: scripts only from this origin (plus compiling DuckDB's
    // WebAssembly), no inline script but SvelteKit's own (hashed), workers and fetches from this origin.
    // Prerendered pages carry it as a <meta http-equiv>; `gongkai serve` sends the same as a header.
    // Styles allow inline: ECharts and Svelte set style attributes, which cannot run code.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'wasm-unsafe-eval'],
        'worker-src': ['self'],
        'connect-src': ['self'],
        'img-src': ['self', 'data:', 'blob:'],
        'style-src': ['self', 'unsafe-inline'],
        'font-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
    // The dataset under static/data is fetched at run time, never crawled while prerendering.
    prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
  },
};
