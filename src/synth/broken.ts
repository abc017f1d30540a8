/** Files that are not usable reports, as a crawl of government websites brings them in. */
import { SECTIONS } from '../lib/template.ts';
import { encode, renderReport } from './render.ts';
import { type Rng, int, pick } from './random.ts';
import type { SynthReport } from './types.ts';

export type BrokenKind = 'binary' | 'empty' | 'truncated' | 'no_tables';
export const BROKEN_KINDS: readonly BrokenKind[] = ['binary', 'empty', 'truncated', 'no_tables'];

export function brokenFile(rng: Rng, kind: BrokenKind, base: SynthReport): { bytes: Uint8Array; ext: ReturnType<typeof renderReport>['ext'] } {
  switch (kind) {
    case 'empty':
      return { bytes: new Uint8Array(0), ext: '.txt' };
    case 'binary': {
      // A PDF or Word file saved under a text name: a magic number then compressed bytes.
      const bytes = new Uint8Array(int(rng, 2000, 20000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng() * 256);
      bytes.set(new TextEncoder().encode(pick(rng, ['%PDF-1.7\n%\xe2\xe3\n', 'PK\x03\x04', '\xd0\xcf\x11\xe0'])));
      return { bytes, ext: '.txt' };
    }
    case 'truncated': {
      // A download cut off inside the table of section 3: sections 3 and 4 are incomplete.
      // A Word file cut short is a damaged zip and a PDF a damaged PDF, not a truncated text: truncation is
      // drawn on the text twin (HTML for Word, the tab text a PDF tool makes of a PDF).
      const full = renderReport({ ...base, layout: base.layout === 'docx' ? 'html' : base.layout === 'pdf' ? 'tab' : base.layout, encoding: 'utf8', script: 'simplified' });
      const text = new TextDecoder().decode(full.bytes);
      const start = text.indexOf(SECTIONS[1]!.label);
      const end = text.indexOf(SECTIONS[2]!.label, start + 1);
      if (start < 0 || end < 0) throw new Error(`synth: section headings not found in a ${base.layout} report`);
      const cut = start + SECTIONS[1]!.label.length + Math.floor((end - start) * (0.2 + 0.5 * rng()));
      return { bytes: encode(text.slice(0, cut), base.encoding), ext: full.ext === '.html' ? '.html' : '.txt' };
    }
    case 'no_tables': {
      // Only the prose; the tables were images or an attachment (详见附件).
      const lines = [
        `${base.org}${base.year}年政府信息公开工作年度报告`,
        '一、总体情况',
        `${base.year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作有序开展。`,
        ...SECTIONS.map((s) => `${s.label}\n详见附件。`),
        '五、存在的主要问题及改进情况',
        '信息公开的及时性有待加强。',
        '六、其他需要报告的事项',
        '无。',
        base.org,
      ];
      return { bytes: encode(lines.join('\n'), base.encoding), ext: '.txt' };
    }
  }
}
