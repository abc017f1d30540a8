// Static site: every page is a prerendered shell; data is read in the browser.
export const prerender = true;
export const ssr = false;
export const trailingSlash = 'never';
