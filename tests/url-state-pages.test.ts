import { describe, expect, test } from 'vitest';
import { DEFAULT_STATE, href, parseState } from '../src/lib/client/url-state.ts';

describe('links carry only what their page reads', () => {
  const s = parseState(new URLSearchParams('lang=en&y0=2020&y1=2024&r=360000,110000&bt=township&m=reviews&g=region&c=bar&cmp=b:government,b:township&reg=360000&id=0123456789abcdef&ry=2021')).state;
  test('each page keeps its own parameters and the language, and drops the rest', () => {
    expect(href('overview', s)).toBe('/?lang=en');
    expect(href('quality', s)).toBe('/quality?lang=en');
    expect(href('about', s)).toBe('/about?lang=en');
    expect(href('report', s)).toBe('/report?lang=en&id=0123456789abcdef&ry=2021');
    expect(href('region', s)).toBe('/region?lang=en&y0=2020&y1=2024&bt=township&m=reviews&reg=360000');
    expect(href('explore', s)).toBe('/explore?lang=en&y0=2020&y1=2024&r=360000,110000&bt=township&m=reviews&g=region&c=bar');
    expect(href('compare', s)).toBe('/compare?lang=en&y0=2020&y1=2024&cmp=b:government,b:township');
  });
  test('the default state links to bare paths', () => {
    expect(href('region', DEFAULT_STATE)).toBe('/region');
  });
});
