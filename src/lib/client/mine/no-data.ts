/** What the layout needs to know of the imported data without loading the code that builds it. */

/** No imported report can be shown: the page says so and points to /import instead of showing other numbers. */
export class NoImportedData extends Error {
  constructor(readonly files: number) {
    super(files ? `none of the ${files} imported files is a usable report` : 'no imported reports in this browser');
  }
}

/** What the dashboard tells about the imported part of what it shows. */
export interface ImportedInfo {
  /** Usable imported reports in the dataset shown. */
  reports: number;
  /** Imported files with the same bytes as another imported file (counted once, as the build does). */
  duplicates: number;
  /** 两者: imported reports whose bytes are also in the bundled data (the bundled row is kept). */
  alsoBundled: number;
}
