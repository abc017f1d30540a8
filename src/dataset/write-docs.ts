/** `npm run docs`: regenerates docs/data.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderDataDoc } from './docs.ts';

const target = new URL('../../docs/data.md', import.meta.url);
mkdirSync(new URL('.', target), { recursive: true });
writeFileSync(target, renderDataDoc());
process.stderr.write(`wrote ${target.pathname}\n`);
