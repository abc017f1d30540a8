import type { TemplateVersion } from './template.ts';

export type Status = 'ok' | 'warning' | 'error';
export type Script = 'simplified' | 'traditional';

/** Something wrong with one input file: `level` error makes the report unusable, warning does not. */
export interface ParseIssue {
  level: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `missing_section`, `binary_file`, `unit_unknown`. */
  code: string;
  /** Human message naming what is wrong and where. */
  message: string;
}

/** One arithmetic check of the template (勾稽关系) applied to one column or row. */
export interface CheckResult {
  /** Stable rule id, e.g. `requests.balance`. */
  rule: string;
  /** The column or row the rule was applied to, e.g. `natural_person`, `review`. */
  scope: string;
  ok: boolean;
  /** Chinese, human-readable: the two sides and their values. */
  detail: string;
}

export type RegionLevel = 'province' | 'city' | 'county' | 'township';
export type Confidence = 'exact' | 'inferred' | 'ambiguous' | 'unresolved';
export type BodyType = 'government' | 'gov_office' | 'department' | 'township' | 'zone' | 'other';

export interface RegionCandidate {
  code: string;
  level: RegionLevel;
  /** Full path, e.g. 吉林省 白山市 江源区 江源街道. */
  name: string;
}

export interface Region {
  code: string | null;
  level: RegionLevel | null;
  province_code: string | null;
  province: string | null;
  city_code: string | null;
  city: string | null;
  county_code: string | null;
  county: string | null;
  township_code: string | null;
  township: string | null;
  confidence: Confidence;
  candidates: RegionCandidate[];
}

export interface ParsedReport {
  file: string;
  status: Status;
  errors: ParseIssue[];
  org: string | null;
  year: number | null;
  template: TemplateVersion | null;
  script: Script | null;
  /** Every key of the report's template; a blank cell is null, never 0. */
  cells: Record<string, number | null>;
  checks: CheckResult[];
  /** Added by region resolution (src/regions). */
  region?: Region;
  body_type?: BodyType;
}
