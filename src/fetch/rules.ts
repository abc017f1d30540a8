/**
 * Per-host rules for sites whose lists the built-in recognition misses: CSS selectors for the list
 * items, the next-page link, the attachments, the title and the date, in a JSON file
 * (`--rules FILE`), so that a new site is a few lines of data, never code.
 *
 * { "www.example.gov.cn": { "item": "ul.list li a", "next": "a.next", "attachment": ".attach a" } }
 */
import { readFileSync } from 'node:fs';
import { compile } from 'css-select';

export interface HostRule {
  /** Elements (or their `a` descendants) that link to report pages on a list page. */
  item?: string;
  /** Links to further pages of the list. */
  next?: string;
  /** Where a report page links its attachments. */
  attachment?: string;
  /** The report page's title element. */
  title?: string;
  /** The element showing the publication date. */
  date?: string;
}

const KEYS = new Set(['item', 'next', 'attachment', 'title', 'date']);

/** Reads and validates a rule file; every error names the file, the host and the key. */
export function loadRules(path: string): Map<string, HostRule> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: not a readable JSON rule file (${(e as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${path}: expected an object keyed by host name`);
  const rules = new Map<string, HostRule>();
  for (const [host, rule] of Object.entries(raw)) {
    if (typeof rule !== 'object' || rule === null) throw new Error(`${path}: rule for ${host} must be an object`);
    for (const [k, sel] of Object.entries(rule)) {
      if (!KEYS.has(k)) throw new Error(`${path}: ${host}: unknown key '${k}' (expected ${[...KEYS].join(', ')})`);
      if (typeof sel !== 'string') throw new Error(`${path}: ${host}.${k} must be a CSS selector string`);
      try {
        compile(sel);
      } catch (e) {
        throw new Error(`${path}: ${host}.${k}: invalid selector '${sel}' (${(e as Error).message})`);
      }
    }
    rules.set(host.toLowerCase(), rule as HostRule);
  }
  return rules;
}
