/** Bumped whenever parsing could give a different result for the same bytes (invalidates build caches). */
export const PARSER_VERSION = '5';
