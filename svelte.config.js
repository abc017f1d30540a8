import adapter from '@sveltejs/adapter-static';
import { precompressed } from './src/site/precompress.js';

/** Fully static site: every page is prerendered as a shell and all data is read in the browser. */
export default {
  kit: {
    // 404.html: the app shell for an address with no page (gongkai serve sends it with status 404), so the
    // reader gets the localised +error page instead of a server's bare text.
    // Precompressed by src/site/precompress.js (levels that pay off, large files cached by content hash); GONGKAI_FAST_BUILD=1 skips it.
    adapter: precompressed(adapter({ pages: 'build', assets: 'build', precompress: false, strict: true, fallback: '404.html' }), 'build'),
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
