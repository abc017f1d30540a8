#!/usr/bin/env node
// The CLI is TypeScript, so `npx gongkai` works straight after `npm ci`: it runs compiled to
// JavaScript (bin/compiled.js, compiled on first use and after any change), or through tsx when
// that is not possible (GONGKAI_TSX=1 forces it).
import { compiledCli } from './compiled.js';

const compiled = await compiledCli();
let main;
if (compiled) ({ main } = await import(compiled));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
