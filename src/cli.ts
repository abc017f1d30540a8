/** `gongkai <command> …`: each command lives in src/commands/<name>.ts and exports `run(argv)`. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  parse: { summary: 'parse reports and print one JSON record per file', load: () => import('./commands/parse.ts') },
  build: { summary: 'build the Parquet dataset from a folder of reports', load: () => import('./commands/build.ts') },
  fetch: { summary: 'collect reports from government websites into a folder', load: () => import('./commands/fetch.ts') },
  synth: { summary: 'write synthetic reports with ground truth', load: () => import('./commands/synth.ts') },
  serve: { summary: 'serve a built site as a production static host would', load: () => import('./commands/serve.ts') },
};

export const USAGE = `usage: gongkai <command> [options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)}${c.summary}`)
  .join('\n')}

Run \`gongkai <command> --help\` for a command's options.`;

/** Exit codes: 0 success, 1 some input failed (build: only with --strict), 2 bad usage, 3 failed (one line, no stack trace). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    (name ? process.stdout : process.stderr).write(USAGE + '\n');
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`gongkai: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (e) {
    // A command failed for a reason of its own (not a bad input, which is a record): one line, no stack trace.
    process.stderr.write(`gongkai ${name}: ${String((e as Error).message ?? e).split('\n')[0]}\n`);
    if (process.env.GONGKAI_DEBUG) console.error(e);
    return 3;
  }
}
