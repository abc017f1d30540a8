import adapter from '@sveltejs/adapter-static';
import { precompressed } from './src/site/precompress.js';

/** Fully static site: every page is prerendered as a shell and all data is read in the browser. */
export default {
  kit: {
    // Precompressed by src/site/precompress.js (levels that pay off, large files cached by content hash); GONGKAI_FAST_BUILD=1 skips it.
    adapter: precompressed(adapter({ pages: 'build', assets: 'build', precompress: false, strict: true }), 'build'),
    // The dataset under static/data is fetched at run time, never crawled while prerendering.
    prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
  },
};
