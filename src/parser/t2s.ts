/**
 * Traditional → Simplified, giving exactly what opencc-js's `t` → `cn` converter gives, from the same
 * dictionaries, at a fraction of the cost. opencc-js walks a trie of Maps one code point at a time
 * and builds its result from an array of pieces (~100 µs for a report); here a table says which
 * code units can start a dictionary entry at all, and the rest are copied into a reused buffer.
 * tests/fast-paths-text.test.ts holds the two to the same output.
 */
import { configs } from 'opencc-js/preset/t2cn';
import * as OpenCC from 'opencc-js/t2cn';

type Dict = string | string[][];


/** One of opencc-js's tries: the longest entry starting at a position replaces it, else the code point is kept. */
class Table {
  /** Code units some entry starts with. */
  private readonly starts = new Uint8Array(0x10000);
  /** Entries of one code unit, by that unit (arrays by code unit: a Map's hashing cost more than the rest). */
  private readonly single: (string | undefined)[] = new Array(0x10000).fill(undefined);
  /** Longer entries by first code unit, longest first: the first that matches is the trie's longest match. */
  private readonly longer: ([string, string][] | undefined)[] = new Array(0x10000).fill(undefined);
  /** Finds any code unit in `starts`. */
  private readonly mayMatch: RegExp;
  /** The length of the entry `match` last found. */
  private matched = 0;

  constructor(group: readonly Dict[]) {
    // As Trie.loadDictGroup: dictionaries loaded last to first, a later entry replacing an earlier one.
    const entries = new Map<string, string>();
    for (const d of [...group].reverse()) for (const [from, to] of pairs(d)) entries.set(from, to);
    for (const [from, to] of entries) {
      const first = from.charCodeAt(0);
      this.starts[first] = 1;
      if (from.length === 1) this.single[first] = to;
      else (this.longer[first] ??= []).push([from, to]);
    }
    for (const list of this.longer) list?.sort((a, b) => b[0].length - a[0].length);
    this.mayMatch = unitClass(this.starts);
  }

  convert(s: string): string {
    // A regex scans several times faster than a charCodeAt loop; most text never meets the compatibility table.
    if (!this.mayMatch.test(s)) return s;
    const units = unitsOf(s);
    let out = scratch(units.length);
    let n = 0;
    for (let i = 0; i < units.length; ) {
      const c = units[i]!;
      if (this.starts[c] === 1) {
        const to = this.match(units, i, c);
        if (to !== undefined) {
          // Room for the replacement and, one unit each, the rest of the input.
          if (n + to.length > out.length - units.length + i) out = grow(out, n, out.length * 2 + to.length);
          for (let k = 0; k < to.length; k++) out[n++] = to.charCodeAt(k);
          i += this.matched;
          continue;
        }
      }
      out[n++] = c;
      i++;
    }
    return unitsToString(out, n);
  }

  /** The replacement of the longest entry at `i` (its length in `matched`), or undefined. */
  private match(units: Uint16Array, i: number, c: number): string | undefined {
    const list = this.longer[c];
    if (list)
      for (const [from, to] of list)
        if (startsWith(units, i, from)) {
          this.matched = from.length;
          return to;
        }
    this.matched = 1;
    return this.single[c];
  }
}

function startsWith(units: Uint16Array, at: number, s: string): boolean {
  if (at + s.length > units.length) return false;
  for (let k = 0; k < s.length; k++) if (units[at + k] !== s.charCodeAt(k)) return false;
  return true;
}

/** A character class of the given code units (no `u` flag: surrogates are matched as units). */
function unitClass(units: Uint8Array): RegExp {
  const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  let body = '';
  for (let c = 0; c < units.length; c++) {
    if (!units[c]) continue;
    let last = c;
    while (last + 1 < units.length && units[last + 1]) last++;
    body += last === c ? hex(c) : `${hex(c)}-${hex(last)}`;
    c = last;
  }
  return body === '' ? /(?!)/ : new RegExp(`[${body}]`);
}

/** A dictionary's entries as opencc-js reads them ("from to|from to", or pairs). */
function pairs(d: Dict): [string, string][] {
  if (typeof d !== 'string') return d.map(([from, to]) => [from!, to!]);
  return d.split('|').map((line) => {
    const [from, to] = line.split(' ');
    return [from!, to!];
  });
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Node's Buffer copies UTF-16 fastest; a browser (the import page's workers) has none and uses the standard decoder. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const utf16le = NodeBuffer ? null : new TextDecoder('utf-16le');

/** Code units → a string: a UTF-16LE copy where the array is little-endian (as 'ucs2' reads it). */
function unitsToString(units: Uint16Array, n: number): string {
  if (LITTLE_ENDIAN) return NodeBuffer ? NodeBuffer.from(units.buffer, units.byteOffset, n * 2).toString('ucs2') : utf16le!.decode(units.subarray(0, n));
  let s = '';
  for (let k = 0; k < n; k += 4096) s += String.fromCharCode(...units.subarray(k, Math.min(n, k + 4096)));
  return s;
}

/** A string's UTF-16 code units, without a charCodeAt call (slow in a loop) per unit. */
function unitsOf(s: string): Uint16Array {
  const b = NodeBuffer?.from(s, 'utf16le');
  // Node's buffer pool hands out 8-byte aligned slices; copy in case that ever changes.
  if (b && b.byteOffset % 2 === 0 && LITTLE_ENDIAN) return new Uint16Array(b.buffer, b.byteOffset, b.length / 2);
  const units = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
  return units;
}

let buffer = new Uint16Array(1 << 14);
/** The shared output buffer, with room for `n` code units plus replacements longer than their entries. */
function scratch(n: number): Uint16Array {
  if (buffer.length < n + 64) buffer = new Uint16Array(n * 2 + 64);
  return buffer;
}
function grow(out: Uint16Array, used: number, size: number): Uint16Array {
  buffer = new Uint16Array(size);
  buffer.set(out.subarray(0, used));
  return buffer;
}

let tables: Table[] | undefined;
let reference: ((s: string) => string) | undefined;

function chain(): Table[] {
  if (tables) return tables;
  const config = configs.t2s as unknown as { normalizationChain?: Dict[][]; segmentation?: unknown; conversionChain: Dict[][] };
  // A segmented chain converts segment by segment; that is opencc-js's to do, not this table's.
  if (config.segmentation) throw new Error('opencc-js t2s config now segments; t2s.ts must follow it');
  return (tables = [...(config.normalizationChain ?? []), ...config.conversionChain].map((group) => new Table(group)));
}

/** opencc-js's own converter: the reference, and the way for text holding ideographic description characters. */
export function t2sReference(s: string): string {
  return (reference ??= OpenCC.Converter({ from: 't', to: 'cn' }))(s);
}

/** Ideographic description characters make opencc-js step over whole sequences; such text is left to it. */
const IDEOGRAPHIC_DESCRIPTION = /[\u2ff0-\u2fff]/;

/** Traditional → Simplified, as opencc-js `Converter({ from: 't', to: 'cn' })`. */
export function t2s(s: string): string {
  if (IDEOGRAPHIC_DESCRIPTION.test(s)) return t2sReference(s);
  let out = s;
  for (const t of chain()) out = t.convert(out);
  return out;
}
