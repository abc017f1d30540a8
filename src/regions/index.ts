// PLACEHOLDER until the regions work (issue 3) lands: every report comes back unresolved.
import type { BodyType, Region } from '../lib/types.ts';

export interface RegionInput {
  /** The issuing body as it names itself (Simplified), or null when the parser found none. */
  org: string | null;
  /** The report's normalised text (Simplified), for clues. */
  text: string;
}

export function resolveRegion(input: RegionInput): { region: Region; body_type: BodyType } {
  void input;
  return {
    region: {
      code: null, level: null, province_code: null, province: null, city_code: null, city: null,
      county_code: null, county: null, township_code: null, township: null, confidence: 'unresolved', candidates: [],
    },
    body_type: 'other',
  };
}
