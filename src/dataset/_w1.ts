import { rmSync } from 'node:fs';
import { buildDataset } from './build.ts';
for (const workers of [1, 2, 3]) {
  rmSync('/tmp/syn/w-out', { recursive: true, force: true });
  const r = await buildDataset({ inDir: '/work/main/bench/out/build-corpus-2024-5000', outDir: '/tmp/syn/w-out', workers });
  console.log(workers, r.seconds.toFixed(2), JSON.stringify(r.phases));
}
