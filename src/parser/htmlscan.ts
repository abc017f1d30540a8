/**
 * A fast path for htmlparser2 on the pages reports come in. htmlparser2 walks a page one character
 * at a time through a state machine and was most of the cost of an HTML report; this scanner jumps
 * from `<` to `<` with indexOf and gives the same events (tags with htmlparser2's implied closes,
 * text with entities decoded) for the subset of HTML such pages use. On anything outside it — SVG or
 * MathML, CDATA, <plaintext>, an entity other than the common ones, a page cut inside a tag or a
 * comment — it gives up, and the caller parses the page with htmlparser2 from the start.
 * tests/html-scan.test.ts holds the two to the same output.
 */

export interface HtmlEvents {
  /** `attrs` holds only rowspan and colspan, and only for td and th. */
  onopentag(name: string, attrs: { rowspan?: string; colspan?: string }): void;
  ontext(text: string): void;
  onclosetag(name: string): void;
}

// htmlparser2's Parser: which open tags close which open elements, and the void elements.
const P = ['p'];
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const OPEN_IMPLIES_CLOSE = new Map<string, ReadonlySet<string>>(
  (
    [
      ['tr', ['tr', 'th', 'td']], ['th', ['th']], ['td', ['thead', 'th', 'td']], ['body', ['head', 'link', 'script']],
      ['a', ['a']], ['li', ['li']], ['p', P], ['h1', HEADINGS], ['h2', HEADINGS], ['h3', HEADINGS], ['h4', HEADINGS],
      ['h5', HEADINGS], ['h6', HEADINGS], ['select', FORM], ['input', FORM], ['output', FORM], ['button', FORM],
      ['datalist', FORM], ['textarea', FORM], ['option', ['option']], ['optgroup', ['optgroup', 'option']],
      ['dd', ['dd', 'dt']], ['dt', ['dd', 'dt']], ['address', P], ['article', P], ['aside', P], ['blockquote', P],
      ['details', P], ['div', P], ['dl', P], ['fieldset', P], ['figcaption', P], ['figure', P], ['footer', P],
      ['form', P], ['header', P], ['hr', P], ['main', P], ['nav', P], ['ol', P], ['pre', P], ['section', P],
      ['table', P], ['ul', P], ['rt', ['rt', 'rp']], ['rp', ['rt', 'rp']], ['tbody', ['thead', 'tbody']],
      ['tfoot', ['thead', 'tbody']],
    ] as const
  ).map(([k, v]) => [k, new Set(v)]),
);
const VOID = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
/** Tags whose content is text up to their end tag; title and textarea still decode entities. */
const RAW_TEXT = new Set(['script', 'style', 'iframe', 'noembed', 'noframes', 'xmp']);
const RCDATA = new Set(['title', 'textarea']);
/** Foreign content and <plaintext> change how everything after them is read. */
const UNSUPPORTED = new Set(['svg', 'math', 'plaintext']);

/** What the scanner needs to know of a tag name, worked out once per name. */
interface Tag {
  /** As written, lower case: what decides raw text. */
  raw: string;
  /** As reported: `image` is read as `img`. */
  name: string;
  implies: ReadonlySet<string> | undefined;
  isVoid: boolean;
  /** 1: raw text, 2: raw text with entities (title, textarea), up to `</raw`. */
  content: 0 | 1 | 2;
  unsupported: boolean;
}

function tagOf(raw: string): Tag {
  const name = raw === 'image' ? 'img' : raw;
  return {
    raw,
    name,
    implies: OPEN_IMPLIES_CLOSE.get(name),
    isVoid: VOID.has(name),
    content: RAW_TEXT.has(raw) ? 1 : RCDATA.has(raw) ? 2 : 0,
    unsupported: UNSUPPORTED.has(raw),
  };
}

/** ASCII lower case; other characters as they are. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/**
 * Tags of every name the rules above mention and the usual ones of a page, by name length and
 * first character (lower case): a bucket holds one to three names, so few are compared.
 */
const KNOWN: Tag[][] = [];
const bucket = (length: number, first: number): number => length * 128 + first;
for (const raw of new Set([
  ...OPEN_IMPLIES_CLOSE.keys(), ...[...OPEN_IMPLIES_CLOSE.values()].flatMap((v) => [...v]), ...VOID, ...RAW_TEXT, ...RCDATA,
  ...UNSUPPORTED, 'image', 'html', 'span', 'strong', 'b', 'i', 'u', 'em', 'font', 'center', 'o:p', 'label', 'sup', 'sub', 'noscript',
]))
  (KNOWN[bucket(raw.length, raw.charCodeAt(0))] ??= []).push(tagOf(raw));

/** The tag whose name is s[at, end), without building the name when it is a known one. */
function tagAt(s: string, at: number, end: number): Tag {
  const first = lower(s.charCodeAt(at));
  const known = first < 128 ? KNOWN[bucket(end - at, first)] : undefined;
  if (known)
    next: for (const t of known) {
      for (let i = 1; i < t.raw.length; i++) if (lower(s.charCodeAt(at + i)) !== t.raw.charCodeAt(i)) continue next;
      return t;
    }
  return tagOf(s.slice(at, end).toLowerCase());
}

/** The entities government pages use; any other makes the scanner give up. */
export const ENTITIES = new Map<string, string>([
  ['nbsp', '\u00a0'], ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"],
  ['ldquo', '\u201c'], ['rdquo', '\u201d'], ['lsquo', '\u2018'], ['rsquo', '\u2019'], ['mdash', '\u2014'],
  ['ndash', '\u2013'], ['middot', '\u00b7'], ['hellip', '\u2026'], ['times', '\u00d7'], ['emsp', '\u2003'],
  ['ensp', '\u2002'], ['thinsp', '\u2009'], ['copy', '\u00a9'], ['reg', '\u00ae'], ['deg', '\u00b0'],
  ['plusmn', '\u00b1'], ['divide', '\u00f7'], ['yen', '\u00a5'], ['sect', '\u00a7'], ['bull', '\u2022'],
  ['laquo', '\u00ab'], ['raquo', '\u00bb'],
]);

const LT = 60;
const GT = 62;
const SLASH = 47;
const EQ = 61;
const AMP = 38;

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 12;
/**
 * indexOf(ch, from), looking at the next few characters in JavaScript first: in table markup the
 * next '<' or closing quote is usually a handful of characters away, closer than the cost of a call
 * into the runtime's search.
 */
function nextIndex(s: string, ch: string, code: number, from: number): number {
  const stop = Math.min(s.length, from + 24);
  for (let k = from; k < stop; k++) if (s.charCodeAt(k) === code) return k;
  return stop === s.length ? -1 : s.indexOf(ch, stop);
}
const isAlpha = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;
const endsName = (c: number): boolean => c === SLASH || c === GT || isSpace(c);
const isAlnum = (c: number): boolean => isAlpha(c) || (c >= 48 && c <= 57);

/** A numeric reference htmlparser2 passes through unchanged (no C1 remapping, no replacement). */
const plainCodePoint = (cp: number): boolean => (cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp < 0xd800) || (cp >= 0xe000 && cp < 0xfdd0);

/** `&…;` at `at` → [its text, the index after it], or null where htmlparser2 might read it otherwise. */
function entityAt(s: string, at: number): [string, number] | null {
  const semi = s.indexOf(';', at + 1);
  if (semi < 0 || semi - at > 12) return null;
  if (s.charCodeAt(at + 1) === 35 /* # */) {
    const hex = (s.charCodeAt(at + 2) | 0x20) === 120; /* x */
    const digits = s.slice(at + (hex ? 3 : 2), semi);
    if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
    const cp = Number.parseInt(digits, hex ? 16 : 10);
    return plainCodePoint(cp) ? [String.fromCharCode(cp), semi + 1] : null;
  }
  const text = ENTITIES.get(s.slice(at + 1, semi));
  return text === undefined ? null : [text, semi + 1];
}

/** Text with its entities decoded (`amp`: the first '&' at or after `from`), or null if one is beyond `entityAt`. */
function decodeText(s: string, from: number, to: number, amp: number): string | null {
  if (amp < 0 || amp >= to) return s.slice(from, to);
  let out = '';
  let at = from;
  while (amp >= 0 && amp < to) {
    const next = s.charCodeAt(amp + 1);
    if (amp + 1 < to && (isAlnum(next) || next === 35)) {
      const e = entityAt(s, amp);
      if (!e || e[1] > to) return null;
      out += s.slice(at, amp) + e[0];
      at = e[1];
    } else if (amp + 1 >= to) return null; // '&' last: htmlparser2 reads on into the next chunk's rules
    amp = s.indexOf('&', amp + 1);
  }
  return out + s.slice(at, to);
}

/** Where `</name` (as htmlparser2 matches it) ends a raw-text element's content, or -1. */
function rawTextEnd(s: string, from: number, name: string): number {
  for (let lt = s.indexOf('<', from); lt >= 0; lt = s.indexOf('<', lt + 1)) {
    if (s.charCodeAt(lt + 1) !== SLASH) continue;
    let k = 0;
    while (k < name.length && (s.charCodeAt(lt + 2 + k) | 0x20) === name.charCodeAt(k)) k++;
    if (k === name.length && lt + 2 + k < s.length && endsName(s.charCodeAt(lt + 2 + k))) return lt;
  }
  return -1;
}

/**
 * 'rowspan' or 'colspan' if s[from, to) is that name in any case, else '': the only attributes kept,
 * so other names are never sliced. No character outside ASCII lower-cases into either name.
 */
function spanName(s: string, from: number, to: number): '' | 'rowspan' | 'colspan' {
  if (to - from !== 7) return '';
  for (const name of ['rowspan', 'colspan'] as const) {
    let i = 0;
    while (i < 7 && lower(s.charCodeAt(from + i)) === name.charCodeAt(i)) i++;
    if (i === 7) return name;
  }
  return '';
}

class Scanner {
  private readonly stack: string[] = [];
  private readonly attrs: { rowspan?: string; colspan?: string } = {};
  /** The next '&' (-1: none left), kept so that each text run does not search the rest of the page. */
  private amp = -2;

  constructor(
    private readonly s: string,
    private readonly ev: HtmlEvents,
  ) {}

  run(): boolean {
    const s = this.s;
    let text = 0;
    let i = 0;
    for (;;) {
      // Tags often follow one another (</td><td>): look at the next character before calling indexOf.
      const lt = nextIndex(s, '<', LT, i);
      if (lt < 0) break;
      const c = s.charCodeAt(lt + 1);
      if (!(isAlpha(c) || c === SLASH || c === 33 /* ! */ || c === 63) /* ? */) {
        if (lt + 1 >= s.length) return false;
        i = lt + 1; // a literal '<' in text
        continue;
      }
      if (!this.text(text, lt)) return false;
      const next = isAlpha(c) ? this.openTag(lt + 1) : c === SLASH ? this.closeTag(lt + 2) : this.skipMarkup(lt + 1);
      if (next < 0) return false;
      i = text = next;
    }
    if (!this.text(text, s.length)) return false;
    for (let k = this.stack.length - 1; k >= 0; k--) this.ev.onclosetag(this.stack[k]!);
    return true;
  }

  private text(from: number, to: number, decode = true): boolean {
    if (to <= from) return true;
    if (decode && this.amp !== -1 && this.amp < from) this.amp = this.s.indexOf('&', from);
    const t = decode ? decodeText(this.s, from, to, this.amp) : this.s.slice(from, to);
    if (t === null) return false;
    this.ev.ontext(t);
    return true;
  }

  private pop(): void {
    this.ev.onclosetag(this.stack.pop()!);
  }

  /** `<name …>`, from the name's first character; returns the index after the tag and its raw text. */
  private openTag(at: number): number {
    const s = this.s;
    let k = at;
    while (k < s.length && !endsName(s.charCodeAt(k))) k++;
    const tag = tagAt(s, at, k);
    if (tag.unsupported) return -1;
    // htmlparser2 drops a <form> inside a form entirely.
    const ignored = tag.name === 'form' && this.stack.includes('form');
    const implies = ignored ? undefined : tag.implies;
    if (implies) while (this.stack.length > 0 && implies.has(this.stack[this.stack.length - 1]!)) this.pop();
    const cell = tag.name === 'td' || tag.name === 'th';
    this.attrs.rowspan = this.attrs.colspan = undefined;
    const end = this.attributes(k, cell);
    if (end < 0) return -1;
    if (!ignored) {
      if (!tag.isVoid) this.stack.push(tag.name);
      this.ev.onopentag(tag.name, this.attrs);
      if (tag.isVoid) this.ev.onclosetag(tag.name);
    }
    if (tag.content === 0) return end;
    const close = rawTextEnd(s, end, tag.raw);
    // htmlparser2 compares case-folded (c | 0x20): \x1c and \x0f also read as '<' and '/' there.
    if (close < 0 || /[\x0f\x1c]/.test(s.slice(end, close))) return -1;
    if (!this.text(end, close, tag.content === 2)) return -1;
    return this.closeTag(close + 2);
  }

  /** Attributes up to the tag's `>`; returns the index after it. Keeps rowspan/colspan when asked. */
  private attributes(from: number, keep: boolean): number {
    const s = this.s;
    const n = s.length;
    let k = from;
    for (;;) {
      let c = s.charCodeAt(k);
      while (k < n && (isSpace(c) || c === SLASH)) c = s.charCodeAt(++k);
      if (k >= n) return -1;
      if (c === GT) return k + 1;
      // An attribute name takes its first character whatever it is (even '=').
      const nameAt = k++;
      while (k < n && !((c = s.charCodeAt(k)) === EQ || endsName(c))) k++;
      const name = keep ? spanName(s, nameAt, k) : '';
      while (k < n && isSpace(s.charCodeAt(k))) k++;
      if (k >= n) return -1;
      if (s.charCodeAt(k) !== EQ) {
        this.keep(name, '');
        continue;
      }
      k++;
      while (k < n && isSpace(s.charCodeAt(k))) k++;
      if (k >= n) return -1;
      const q = s.charCodeAt(k);
      let value: string;
      if (q === 34 || q === 39) {
        const close = q === 34 ? nextIndex(s, '"', 34, k + 1) : nextIndex(s, "'", 39, k + 1);
        if (close < 0) return -1;
        value = name !== '' ? s.slice(k + 1, close) : '';
        k = close + 1;
      } else {
        const at = k;
        while (k < n && !(isSpace((c = s.charCodeAt(k))) || c === GT)) k++;
        if (k >= n) return -1;
        value = name !== '' ? s.slice(at, k) : '';
      }
      if (name !== '' && !this.keep(name, value)) return -1;
    }
  }

  /** The first rowspan and colspan win, as in htmlparser2; an entity in one is left to htmlparser2. */
  private keep(name: string, value: string): boolean {
    if (name !== 'rowspan' && name !== 'colspan') return true;
    if (this.attrs[name] !== undefined) return true;
    if (value.includes('&')) return false;
    this.attrs[name] = value;
    return true;
  }

  /** `</name …>`, from after `</`; returns the index after the `>`. */
  private closeTag(at: number): number {
    const s = this.s;
    if (at >= s.length) return -1;
    if (s.charCodeAt(at) === GT) return at + 1;
    if (!isAlpha(s.charCodeAt(at))) {
      const gt = s.indexOf('>', at); // a bogus comment
      return gt < 0 ? -1 : gt + 1;
    }
    // Most end tags close the innermost element and are written plainly (`</td>`): no lookup then.
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && s.charCodeAt(at + top.length) === GT) {
      let i = 0;
      while (i < top.length && lower(s.charCodeAt(at + i)) === top.charCodeAt(i)) i++;
      if (i === top.length) {
        this.pop();
        return at + i + 1;
      }
    }
    let k = at;
    while (k < s.length && !endsName(s.charCodeAt(k))) k++;
    const gt = s.charCodeAt(k) === GT ? k : s.indexOf('>', k);
    if (gt < 0) return -1;
    const tag = tagAt(s, at, k);
    if (tag.unsupported) return -1;
    this.close(tag);
    return gt + 1;
  }

  private close({ name, isVoid }: Tag): void {
    if (isVoid) {
      if (name === 'br') {
        this.ev.onopentag('br', {});
        this.ev.onclosetag('br');
      }
      return;
    }
    // Most end tags close the innermost element.
    const top = this.stack.length - 1;
    const pos = top >= 0 && this.stack[top] === name ? top : this.stack.lastIndexOf(name);
    if (pos >= 0) {
      while (this.stack.length > pos) this.pop();
    } else if (name === 'p') {
      this.ev.onopentag('p', {});
      this.ev.onclosetag('p');
    }
  }

  /** `<!…>`, `<?…>`, comments; from after `<`. Returns the index after it. */
  private skipMarkup(at: number): number {
    const s = this.s;
    if (s.startsWith('!--', at)) {
      // `<!-->` and `<!--->` close at once; otherwise `-->` or `--!>` ends the comment.
      if (s.charCodeAt(at + 3) === GT) return at + 4;
      if (s.startsWith('->', at + 3)) return at + 5;
      for (let d = s.indexOf('--', at + 3); d >= 0; d = s.indexOf('--', d + 1)) {
        if (s.charCodeAt(d + 2) === GT) return d + 3;
        if (s.charCodeAt(d + 2) === 33 && s.charCodeAt(d + 3) === GT) return d + 4;
      }
      return -1;
    }
    // Only CDATA is read otherwise; Word's `<![if !supportLists]>`/`<![endif]>` end at the next `>`, as in htmlparser2.
    if (s.startsWith('![CDATA[', at)) return -1;
    const gt = s.indexOf('>', at);
    return gt < 0 ? -1 : gt + 1;
  }
}

/** Scans a page into `ev`; false if the page needs htmlparser2 (`ev` may then have seen a part of it). */
export function scanHtml(html: string, ev: HtmlEvents): boolean {
  return new Scanner(html, ev).run();
}
