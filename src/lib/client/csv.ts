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

export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return BOM + [headers, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
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
