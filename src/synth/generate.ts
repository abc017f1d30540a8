import type { TemplateVersion } from '../lib/template.ts';
import type { BodyType } from '../lib/types.ts';
import { randomOrg } from './orgs.ts';
import { type Rng, chance, int, weighted } from './random.ts';
import { ENCODINGS, LAYOUTS, type Encoding, type Layout, type SynthReport } from './types.ts';
import { type BlankStyle, type InjectedError, injectError, randomCells } from './values.ts';

export interface RandomReportOptions {
  template?: TemplateVersion;
  year?: number;
  layout?: Layout;
  encoding?: Encoding;
  script?: 'simplified' | 'traditional';
  /** Probability that one printed number breaks a 勾稽关系 (default 0: the arithmetic holds). */
  errorRate?: number;
  /** Allow blank cells (default true; never in tab-wrapped, which cannot show them). */
  blanks?: boolean;
}

/** A synthetic report with what is known about it beyond its text. */
export interface SynthCase {
  report: SynthReport;
  body_type: BodyType;
  region_code: string;
  injected: InjectedError[];
}

/** The 2021 revision of the template applies from the reports on 2021 onwards. */
export const templateOfYear = (year: number): TemplateVersion => (year <= 2020 ? '2019' : '2021');

function pickYear(rng: Rng, template: TemplateVersion | undefined): number {
  if (template === '2019') return int(rng, 2019, 2020);
  if (template === '2021') return int(rng, 2021, 2025);
  return weighted(rng, [[2019, 8], [2020, 10], [2021, 12], [2022, 14], [2023, 16], [2024, 18], [2025, 6]] as const);
}

export function randomCase(rng: Rng, opts: RandomReportOptions = {}): SynthCase {
  const org = randomOrg(rng);
  const year = opts.year ?? pickYear(rng, opts.template);
  const template = opts.template ?? templateOfYear(year);
  const layout = opts.layout ?? weighted(rng, LAYOUTS.map((l) => [l, { pipe: 25, 'pipe-opener': 15, tab: 25, 'tab-wrapped': 15, html: 20, glued: 0 }[l]] as const));
  const encoding = opts.encoding ?? weighted(rng, ENCODINGS.map((e) => [e, { utf8: 70, 'utf8-bom': 10, gb18030: 20 }[e]] as const));
  const script = opts.script ?? (chance(rng, 0.08) ? 'traditional' : 'simplified');
  const blanks: BlankStyle =
    layout === 'tab-wrapped' || layout === 'glued' || opts.blanks === false ? 'none' : weighted(rng, [['none', 75], ['requests-zeros', 12], ['sporadic', 13]] as const);
  const cells = randomCells(rng, template, org.body_type, blanks);
  const injected = chance(rng, opts.errorRate ?? 0) ? [injectError(rng, template, cells)] : [];
  return { report: { org: org.org, year, template, script, layout, encoding, cells }, body_type: org.body_type, region_code: org.region_code, injected };
}

/** A realistic report: a real kind of body, value distributions as national reports show them. */
export function randomReport(rng: Rng, opts?: RandomReportOptions): SynthReport {
  return randomCase(rng, opts).report;
}
