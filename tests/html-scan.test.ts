/**
 * The HTML fast path (src/parser/htmlscan.ts) against htmlparser2, its reference: wherever the
 * scanner reads a page it must give the same events, and htmlToLines the same lines, as htmlparser2.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { decode } from '../src/parser/decode.ts';
import { htmlToLines, htmlToLinesSlow } from '../src/parser/html.ts';
import { ENTITIES, scanHtml, type HtmlEvents } from '../src/parser/htmlscan.ts';
import { randomReport, renderReport, seededRng } from '../src/synth/index.ts';

type Event = string;

/** Events as strings, adjacent text merged (how text is split into calls does not matter). */
function recorder(): HtmlEvents & { events: Event[] } {
  const events: Event[] = [];
  return {
    events,
    onopentag(name, attrs) {
      const cell = name === 'td' || name === 'th';
      events.push(cell ? `<${name} rowspan=${attrs.rowspan} colspan=${attrs.colspan}>` : `<${name}>`);
    },
    ontext(text) {
      const last = events.length - 1;
      if (last >= 0 && events[last]!.startsWith('#')) events[last] += text;
      else events.push(`#${text}`);
    },
    onclosetag(name) {
      events.push(`</${name}>`);
    },
  };
}

function reference(html: string): Event[] {
  const r = recorder();
  const p = new Parser(r, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  p.write(html);
  p.end();
  return r.events;
}

/** The scanner's events, or null where it leaves the page to htmlparser2. */
function scanned(html: string): Event[] | null {
  const r = recorder();
  return scanHtml(html, r) ? r.events : null;
}

function expectSame(html: string): boolean {
  const fast = scanned(html);
  if (fast) expect(fast, JSON.stringify(html)).toEqual(reference(html));
  expect(htmlToLines(html)).toEqual(htmlToLinesSlow(html));
  return fast !== null;
}

describe('HTML scanner', () => {
  it('reads every synthetic page itself, exactly as htmlparser2 does', () => {
    const rng = seededRng(7);
    let pages = 0;
    for (let i = 0; i < 3000 && pages < 150; i++) {
      const r = randomReport(rng);
      if (r.layout !== 'html') continue;
      const d = decode(renderReport(r).bytes);
      if (!d.ok) throw new Error('undecodable synthetic page');
      expect(expectSame(d.text)).toBe(true);
      pages++;
    }
    expect(pages).toBe(150);
  });

  it('reads the hand-written site page itself (script, entities, merged cells)', () => {
    const html = readFileSync(new URL('./fixtures/site-2022.html', import.meta.url), 'utf8');
    expect(expectSame(html)).toBe(true);
  });

  it('follows htmlparser2 on the quirks of real pages', () => {
    const handled = [
      '<P>a<P>b</p></P>c',
      '<table><tr><td>1<td>2<tr><td ROWSPAN=2 colspan="3" rowspan="9">x</table>',
      '<div>a</span>b</div>c</br>d<br/>e</p>f',
      '<p>a<table><tr><td>1</td></tr></table>b',
      '<td a=">" b colspan = \'2\' c=d/e>x</td>',
      '<!doctype html><!--c--><!-->x<!--->y<!-- a -- b --!>z<!---->w<?php echo 1 ?>v<!x>u',
      '<SCRIPT type="a"><table><td>1</td></SCRIPT >t<style>p{}</style\n>s',
      '<title>A&amp;B &ldquo;C&rdquo;</title><textarea><b>&lt;</textarea>',
      '<xmp><b>x</b></xmp><iframe>y</iframe>',
      'a &nbsp; &#160; &#x41; &#X4e00; & b < c <3 a &copy; b',
      '<form><form>a</form></form>b',
      '<image src=x>a</image>b',
      '</ x>a</>b</3>c',
      '<a/b>x</a><a>y<a>z',
      '<ul><li>a<li>b</ul><dl><dt>x<dd>y</dl><h1>t<h2>u</h1>',
      '<table><tbody><tr><th>a<thead><tr><td>b</table>',
      '<table><tr><td><table><tr><td>inner</td></tr></table></td></tr></table>',
      '<body><head><script>x</script>',
      '<td rowspan>a</td><td colspan="">b</td>',
    ];
    for (const html of handled) expect(expectSame(html), html).toBe(true);
  });

  it('decodes each entity it knows as htmlparser2 does', () => {
    for (const name of ENTITIES.keys()) expect(expectSame(`x&${name};y<td title="&${name};">`), name).toBe(true);
  });

  it('leaves what it does not know to htmlparser2, with the same result', () => {
    const unusual = [
      '<svg><title>x</title><path/></svg>a',
      '<math><mi>x</mi></math>',
      '<![CDATA[x]]>a',
      '<plaintext><b>x',
      'a &copy &notit; &foo; &#0; &#128; &#xD800; a&b &amp',
      '<td colspan="&#50;">x</td>',
      '<p>cut <td colspan="2',
      '<!-- never closed',
      '<script>never closed',
      'ends with <',
    ];
    for (const html of unusual) expect(expectSame(html), html).toBe(false);
  });

  it('agrees with htmlparser2 on random tag soup', () => {
    const pieces = [
      '<p>', '</p>', '<P class="x">', '<div>', '</div>', '<br>', '<br/>', '</br>', '<table>', '</table>', '<tr>', '</tr>',
      '<td>', '</td>', '<TD rowspan="2">', '<td colspan=3>', '<th>', '</th>', '<tbody>', '<span style="a>b">', '</span>',
      '<script>', '</script>', '<style>', '</style>', '<title>', '</title>', '<head>', '</head>', '<form>', '</form>',
      '<!-- c -->', '<!-->', '<!doctype html>', '<?x?>', '</ x>', '</>', '<a/b>', '<li>', '<h1>', '</h1>', '<noscript>',
      '&nbsp;', '&amp;', '&lt;', '&#160;', '&#x41;', '&ldquo;', '&foo;', '&', '<', '>', '"', "'", '=', '/', '-->',
      'text', '中文', ' ', '\n', '\t', '12', '<svg>', '<![CDATA[', ']]>',
    ];
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        if (expectSame(parts.join(''))) fast++;
      }),
      { numRuns: 3000, seed: 42 },
    );
    // Most soup is still read by the scanner, so the comparison above means something.
    expect(fast).toBeGreaterThan(1000);
  });
});
