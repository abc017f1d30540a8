import iconv from 'iconv-lite';
import { Converter } from 'opencc-js';
import { SECTIONS, collapsedKeys } from '../lib/template.ts';
import { halfWidth } from './format.ts';
import { gluedStyleOf, gluedText } from './glued.ts';
import { htmlDocument } from './html.ts';
import { headings } from './model.ts';
import { pipeTables } from './pipe.ts';
import { type Prose, proseOf } from './prose.ts';
import { variantOf } from './random.ts';
import { tabTables } from './tab.ts';
import type { Encoding, SynthReport } from './types.ts';

let toTraditional: ((s: string) => string) | undefined;
/** Traditional-script reports (001) are Simplified reports run through a converter; so are ours. */
export function traditional(s: string): string {
  toTraditional ??= Converter({ from: 'cn', to: 't' });
  return toTraditional(s);
}

export function encode(text: string, encoding: Encoding): Uint8Array {
  if (encoding === 'gb18030') return new Uint8Array(iconv.encode(text, 'gb18030'));
  const utf8 = new TextEncoder().encode(text);
  if (encoding === 'utf8') return utf8;
  const out = new Uint8Array(utf8.length + 3);
  out.set([0xef, 0xbb, 0xbf]);
  out.set(utf8, 3);
  return out;
}

/** The lines of a text report: prose and headings around the three tables. */
function textDocument(p: Prose, heads: string[], tables: string[][], pdf: boolean): string {
  if (!pdf)
    return halfWidth(
      [...p.title, ...p.intro, heads[0]!, ...p.overview, heads[1]!, ...tables[0]!, heads[2]!, ...tables[1]!, heads[3]!, ...tables[2]!, heads[4]!, ...p.problems, heads[5]!, ...p.other, ...p.signature].join('\n'),
    );
  // PDF text: a blank line after every paragraph, digits spaced from the characters around them.
  const spaced = (s: string) => s.replace(/(\d{4})年/g, ' $1 年').replace(/^ /, '');
  const paras = (lines: string[]) => lines.flatMap((l) => [spaced(l), '']);
  const table = (lines: string[]) => [...lines, ''];
  return [
    '',
    '',
    ...paras(p.title),
    ...paras(p.intro),
    ...paras([heads[0]!, ...p.overview, heads[1]!]),
    ...table(tables[0]!),
    ...paras([heads[2]!]),
    ...table(tables[1]!),
    ...paras([heads[3]!]),
    ...table(tables[2]!),
    ...paras([heads[4]!, ...p.problems, heads[5]!, ...p.other, ...p.signature]),
  ].join('\n');
}

/** The report as a file: its bytes in its encoding, and the extension its layout calls for. */
export function renderReport(r: SynthReport): { bytes: Uint8Array; ext: '.txt' | '.html' } {
  const text = renderText(r);
  return { bytes: encode(r.script === 'traditional' ? traditional(text) : text, r.encoding), ext: r.layout === 'html' ? '.html' : '.txt' };
}

/** The report's text in Simplified script, before conversion and encoding. */
export function renderText(r: SynthReport): string {
  const v = variantOf(`${r.org}|${r.year}|${r.layout}`);
  const p = proseOf(r, v, r.cells['requests.new_received.total'] ?? 0);
  const heads = headings(SECTIONS);
  switch (r.layout) {
    case 'pipe':
    case 'pipe-opener':
      return textDocument(p, heads, pipeTables(r.template, r.cells, r.layout === 'pipe-opener', v), false);
    case 'tab':
    case 'tab-wrapped':
      return textDocument(p, heads, tabTables(r.template, r.cells, r.layout === 'tab-wrapped'), true);
    case 'glued':
      return gluedText(r, gluedStyleOf(v), v);
    case 'html':
      return htmlDocument(r.template, r.cells, p, heads, r.encoding === 'gb18030' ? 'gb2312' : 'utf-8', v);
  }
}

/**
 * The cells a correct parser reads back from the rendered report. Equal to `r.cells`, except that
 * the tab-wrapped layout cannot show a blank cell (PDF text has no position for it) and prints 0
 * in every row it prints.
 */
export function expectedCells(r: SynthReport): Record<string, number | null> {
  if (r.layout !== 'tab-wrapped') return { ...r.cells };
  // A row the report does not print (the collapsed 其他处理 where its sub-rows are printed) stays blank.
  const unprinted = collapsedKeys(r.template);
  return Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, unprinted.has(k) ? v : (v ?? 0)]));
}
