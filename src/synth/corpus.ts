/** One numbered file of a synthetic corpus with its ground truth: the unit `gongkai synth` writes. */
import type { TemplateVersion } from '../lib/template.ts';
import type { BodyType, Status } from '../lib/types.ts';
import { BROKEN_KINDS, type BrokenKind, brokenFile } from './broken.ts';
import { randomCase } from './generate.ts';
import { type Rng, chance, pick, reportSeed, seededRng } from './random.ts';
import { expectedCells, renderReport } from './render.ts';
import type { Encoding, Layout } from './types.ts';
import type { InjectedError } from './values.ts';

export interface CorpusOptions {
  seed: number;
  /** Share of reports with one arithmetic error (0–1). */
  errorRate?: number;
  /** Share of files that are not usable reports (0–1). */
  brokenRate?: number;
  /** Every report in this layout (default: the mix of LAYOUTS); the only way to get a lossy one such as glued. */
  layout?: Layout;
}

/** The ground truth written beside each file: the shape of tests/golden/*.json plus what is expected. */
export interface Truth {
  file: string;
  org: string | null;
  year: number | null;
  template: TemplateVersion | null;
  script: 'simplified' | 'traditional' | null;
  cells: Record<string, number | null>;
  expected_status: Status;
  layout: Layout | null;
  encoding: Encoding | null;
  body_type: BodyType | null;
  region_code: string | null;
  injected_errors: InjectedError[];
  broken: BrokenKind | null;
}

export interface CorpusFile {
  name: string;
  bytes: Uint8Array;
  truth: Truth;
}

export const fileStem = (seed: number, index: number): string => `synth-${seed}-${String(index).padStart(7, '0')}`;

/** File `index` of the corpus of `seed`: the same bytes and truth every time, whatever else is generated. */
export function corpusFile(index: number, opts: CorpusOptions): CorpusFile {
  const rng: Rng = seededRng(reportSeed(opts.seed, index));
  const c = randomCase(rng, { errorRate: opts.errorRate ?? 0, ...(opts.layout ? { layout: opts.layout } : {}) });
  const stem = fileStem(opts.seed, index);
  if (chance(rng, opts.brokenRate ?? 0)) {
    const kind = pick(rng, BROKEN_KINDS);
    const f = brokenFile(rng, kind, c.report);
    const name = stem + f.ext;
    return {
      name,
      bytes: f.bytes,
      truth: {
        // A truncated report keeps what it printed before the cut: usable, with warnings (missing sections).
        file: name, org: null, year: null, template: null, script: null, cells: {}, expected_status: kind === 'truncated' ? 'warning' : 'error',
        layout: null, encoding: null, body_type: null, region_code: null, injected_errors: [], broken: kind,
      },
    };
  }
  const r = c.report;
  const f = renderReport(r);
  const name = stem + f.ext;
  return {
    name,
    bytes: f.bytes,
    truth: {
      file: name,
      org: r.org,
      year: r.year,
      template: r.template,
      script: r.script,
      cells: expectedCells(r),
      expected_status: c.injected.length ? 'warning' : 'ok',
      layout: r.layout,
      encoding: r.encoding,
      body_type: c.body_type,
      region_code: c.region_code,
      injected_errors: c.injected,
      broken: null,
    },
  };
}
