/** `manifest.json` of a dataset (docs/data.md): written by the build, read and validated by the site. */
export interface ManifestFile {
  path: string;
  rows: number;
  bytes: number;
  year: number | null;
}

export interface Manifest {
  format: 1;
  parser_version: string;
  /** Parser version plus a hash of the analysis code and gazetteer: rows are reused only when it matches. */
  analysis: string;
  built_at: string;
  years: number[];
  tables: Record<string, { rows: number; files: ManifestFile[] }>;
}
