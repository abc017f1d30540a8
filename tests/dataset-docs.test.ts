import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDataDoc } from '../src/dataset/docs.ts';
import { CELL_COLUMNS, TABLES } from '../src/dataset/schema.ts';
import { ALL_CELLS } from '../src/lib/template.ts';

describe('docs/data.md', () => {
  it('is up to date with the schema and the template description (run `npm run docs`)', () => {
    expect(readFileSync(new URL('../docs/data.md', import.meta.url), 'utf8')).toBe(renderDataDoc());
  });

  it('documents every table and every cell column', () => {
    const doc = renderDataDoc();
    for (const t of TABLES) expect(doc).toContain(`## ${t.name}`);
    for (const c of CELL_COLUMNS) expect(doc).toContain(`\`${c.name}\``);
    expect(CELL_COLUMNS).toHaveLength(ALL_CELLS.length);
  });
});
