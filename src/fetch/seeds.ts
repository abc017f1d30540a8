/**
 * The seeds file: one 年报 column URL a line, optionally followed by a tab, the body's name and its
 * region code. Blank lines and `#` comments are skipped; every other problem names its line.
 */
export interface Seed {
  url: string;
  org: string | null;
  region_code: string | null;
  line: number;
}

export function parseSeeds(text: string, file: string): Seed[] {
  const seeds: Seed[] = [];
  const errors: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [url = '', org = '', code = ''] = raw.split('\t').map((s) => s.trim());
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      errors.push(`${file}:${i + 1}: not a URL: '${url}'`);
      return;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return void errors.push(`${file}:${i + 1}: only http(s) URLs can be fetched: '${url}'`);
    if (code && !/^\d{6}(?:\d{3})?$/.test(code)) return void errors.push(`${file}:${i + 1}: region code must be 6 or 9 digits, got '${code}'`);
    seeds.push({ url: u.href, org: org || null, region_code: code || null, line: i + 1 });
  });
  if (errors.length) throw new Error(errors.join('\n'));
  if (seeds.length === 0) throw new Error(`${file}: no seed URLs (one URL a line, optionally TAB body name TAB region code)`);
  return seeds;
}
