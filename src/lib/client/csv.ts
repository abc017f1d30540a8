/**
 * Tables as CSV that Excel opens with Chinese intact: UTF-8 with a byte-order mark, CRLF rows, RFC 4180
 * quoting. A cell that is not a number but starts like a formula (= + - @, tab, CR) is prefixed with
 * an apostrophe: names come from reports, and a spreadsheet must not run them.
 */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?[\d,.]+%?$/;

function cell(v: string): string {
  const safe = FORMULA.test(v) && !NUMBER.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const BOM = '\uFEFF';

/** One CSV record with its CRLF. */
export const csvLine = (r: readonly string[]): string => r.map(cell).join(',') + '\r\n';

export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return BOM + [headers, ...rows].map(csvLine).join('');
}

/**
 * A CSV built a block of records at a time into Blob parts, so that a large table never becomes one
 * string (a JavaScript string is limited to about 512 MB; a Blob is not, and may be kept on disk).
 */
export class CsvParts {
  private parts: BlobPart[] = [BOM];
  private block: string[] = [];

  constructor(headers: readonly string[]) {
    this.add(headers);
  }

  add(record: readonly string[]): void {
    this.block.push(csvLine(record));
    if (this.block.length >= 4096) this.flush();
  }

  private flush(): void {
    if (this.block.length) this.parts.push(this.block.join(''));
    this.block = [];
  }

  blob(): Blob {
    this.flush();
    return new Blob(this.parts, { type: 'text/csv;charset=utf-8' });
  }
}

/** A file name from a title: no path separators or characters file systems refuse. */
export const fileName = (title: string, ext: string): string =>
  `${title.replace(/[\\/:*?"<>|\s·]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'gongkai'}.${ext}`;

/** Saves a Blob through a temporary object URL (nothing leaves the browser). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const saveCsv = (headers: readonly string[], rows: readonly (readonly string[])[], name: string): void =>
  saveBlob(new Blob([toCsv(headers, rows)], { type: 'text/csv;charset=utf-8' }), name);

/** A base64 data: URL (ECharts' PNG) as a Blob, without fetching it (a CSP may refuse data: fetches). */
export function dataUrlBlob(url: string): Blob {
  const [head = '', body = ''] = url.split(',', 2);
  const type = /^data:([^;,]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = Uint8Array.from(atob(body), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type });
}
