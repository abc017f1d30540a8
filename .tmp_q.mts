import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
for (const q of process.argv.slice(2)) console.table((await c.runAndReadAll(q)).getRowObjectsJS());
