/** `inception-explorer backends`: each TensorFlow.js backend, whether it is available, and why not. */
import type { Command } from 'commander';
import { BACKEND_ENV, probeBackends, requestedBackend, type BackendStatus } from '../../engine/backends.js';

export function formatBackends(statuses: BackendStatus[], forced?: string): string {
  const auto = statuses.find((s) => s.available)?.name;
  const width = Math.max(...statuses.map((s) => s.name.length));
  const lines = ['TensorFlow.js backends, fastest first:'];
  for (const s of statuses) {
    const mark = s.available ? 'yes' : 'no ';
    const chosen = s.name === (forced ?? auto) ? (forced ? '  ← forced' : '  ← used by default') : '';
    lines.push(`  ${mark}  ${s.name.padEnd(width)}${chosen}`.trimEnd());
    if (s.reason) lines.push(`       ${' '.repeat(width)}${s.available ? 'note: ' : 'why not: '}${s.reason}`);
  }
  lines.push('', `Force one with --backend NAME or ${BACKEND_ENV}=NAME.`);
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('backends')
    .description('List the TensorFlow.js backends: which are available here, and why the others are not')
    .option('--json', 'print JSON instead of text')
    .action(async (opts: { json?: boolean }) => {
      const statuses = await probeBackends();
      const forced = requestedBackend([], process.env);
      console.log(
        opts.json
          ? JSON.stringify({ statuses, forced: forced ?? null }, null, 2)
          : formatBackends(statuses, forced),
      );
    });
}
