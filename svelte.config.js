import adapter from '@sveltejs/adapter-static';

/** Fully static site: every page is prerendered as a shell and all data is read in the browser. */
export default {
  kit: {
    // Brotli at maximum quality takes minutes on DuckDB's two 35 MB .wasm files; GONGKAI_FAST_BUILD=1 skips it while developing.
    adapter: adapter({ pages: 'build', assets: 'build', precompress: process.env.GONGKAI_FAST_BUILD !== '1', strict: true }),
    // The dataset under static/data is fetched at run time, never crawled while prerendering.
    prerender: { handleHttpError: 'fail', handleMissingId: 'fail' },
  },
};
