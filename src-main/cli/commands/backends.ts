/**
 * `inception-explorer backends`: the inference engine (ONNX Runtime and its execution provider, or
 * the TensorFlow.js fallback, with why faster providers were skipped), then each TensorFlow.js
 * backend, whether it is available, and why not.
 */
import type { Command } from 'commander';
import { BACKEND_ENV, probeBackends, requestedBackend, type BackendStatus } from '../../engine/backends.js';
import { DISABLE_ENV, PROVIDER_ENV, ortStatus, type OrtStatus } from '../../engine/onnx/ort.js';

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

/** The inference engine: ORT's execution providers (fastest first, with why each is or is not used), or why tfjs serves. */
export function formatInference(ort: OrtStatus, tfjsBackend?: string): string {
  const tfjs = `TensorFlow.js${tfjsBackend ? ` (${tfjsBackend})` : ''}`;
  if (!ort.loaded) {
    const lines = [
      `Inference: ${tfjs}. ONNX Runtime is not used: ${ort.error ?? ort.summary}.`,
      `TensorFlow.js serves inference and the activation pass (slower; training is unaffected).`,
    ];
    for (const p of ort.providers) lines.push(`  no   ${p.label}: ${p.reason}`);
    return lines.join('\n');
  }
  const width = Math.max(...ort.providers.map((p) => p.label.length));
  const lines = [`Inference: ONNX Runtime ${ort.version}, execution providers fastest first:`];
  for (const p of ort.providers) {
    const used = p.provider === ort.provider;
    const mark = used ? 'yes' : p.available ? '   ' : 'no ';
    lines.push(`  ${mark}  ${p.label.padEnd(width)}  ${used ? '← in use' : `${p.reason}`}`.trimEnd());
  }
  lines.push(
    `TensorFlow.js stays the fallback for inference and runs training.`,
    `Force a provider with ${PROVIDER_ENV}=cuda|dml|coreml|cpu; skip ONNX Runtime with ${DISABLE_ENV}=1.`,
  );
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('backends')
    .description(
      'Which engine runs inference (ONNX Runtime and its provider, or TensorFlow.js) and the TensorFlow.js backends: which are available here, and why the others are not',
    )
    .option('--json', 'print JSON instead of text')
    .action(async (opts: { json?: boolean }) => {
      const [statuses, ort] = await Promise.all([probeBackends(), ortStatus()]);
      const forced = requestedBackend([], process.env);
      const tfjs = forced ?? statuses.find((s) => s.available)?.name;
      console.log(
        opts.json
          ? JSON.stringify({ ort, statuses, forced: forced ?? null }, null, 2)
          : `${formatInference(ort, tfjs)}\n\n${formatBackends(statuses, forced)}`,
      );
    });
}
