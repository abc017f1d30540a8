/**
 * The `regions` table's rows as the pages look regions up. A 直辖市 (北京市, 上海市, …) comes twice under
 * one code, as a province and as its own city (a report's city_code is 110000, see docs/data.md): it is
 * kept as the province, whichever row comes first (the city row names the code itself as its parent,
 * and a page walking up the parents would never stop), and listed in `municipalities`, which split
 * straight into counties.
 */
export interface RegionInfo {
  code: string;
  level: string;
  name: string;
  parent_code: string | null;
  province_code: string | null;
}

export interface RegionIndex {
  regions: Map<string, RegionInfo>;
  municipalities: Set<string>;
}

export function indexRegions(rows: Iterable<RegionInfo>): RegionIndex {
  const regions = new Map<string, RegionInfo>();
  const municipalities = new Set<string>();
  for (const row of rows) {
    const seen = regions.get(row.code);
    if (seen && seen.level !== row.level && (seen.level === 'province' || row.level === 'province')) municipalities.add(row.code);
    if (seen?.level === 'province') continue;
    regions.set(row.code, row);
  }
  return { regions, municipalities };
}
