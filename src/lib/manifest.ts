/** `manifest.json` of a dataset (docs/data.md): written by the build, read and validated by the site. */
export interface ManifestFile {
  path: string;
  rows: number;
  bytes: number;
  year: number | null;
  /**
   * Where the file is, when not under the dataset's own base: the dashboard's 两者 (bundled and
   * imported) lists the files of both datasets. Never written by the build.
   */
  base?: string;
}

/**
 * The dataset layout's version. 2: `cells`, `checks` and `texts` may hold several part files per year
 * (written by the build's workers), and `rollup_checks` exists.
 */
export const DATASET_FORMAT = 2;

export interface Manifest {
  format: typeof DATASET_FORMAT;
  parser_version: string;
  /** Parser version plus a hash of the analysis code and gazetteer: rows are reused only when it matches. */
  analysis: string;
  built_at: string;
  years: number[];
  tables: Record<string, { rows: number; files: ManifestFile[] }>;
}
