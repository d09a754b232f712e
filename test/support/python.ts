/**
 * The Python interpreters the fidelity tests compare against (scripts/python-ref.sh makes both):
 * refPython() (~/.cache/inception-explorer/pyref) has TensorFlow, Keras, onnx, onnxruntime, safetensors, h5py and CPU PyTorch;
 * torchPython() has Debian's torch and torchvision plus timm (the index's torchvision wheel is a CUDA
 * build that does not import with CPU torch). debianPython() is /usr/bin/python3 itself. Missing ones
 * throw, so a test that needs them fails rather than skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cached = new Map<string, string>();

function fromScript(flag: '' | '--torch'): string {
  const hit = cached.get(flag);
  if (hit) return hit;
  let out: string;
  try {
    out = execFileSync('bash', ['scripts/python-ref.sh', ...(flag ? [flag] : [])], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 1_200_000,
    });
  } catch (e) {
    throw new Error(
      `The reference Python environment could not be made (bash scripts/python-ref.sh ${flag}): ${(e as { stderr?: string }).stderr?.slice(-2000) ?? (e as Error).message}`,
    );
  }
  const py = out.trim().split('\n').at(-1) ?? '';
  if (!existsSync(py)) throw new Error(`scripts/python-ref.sh printed no interpreter (${py})`);
  cached.set(flag, py);
  return py;
}

/** TensorFlow 2.21, Keras 3.15, onnx, onnxruntime, safetensors, h5py, CPU PyTorch (no torchvision). */
export const refPython = (): string => fromScript('');

/** Debian's torch and torchvision with timm and safetensors: torch.save, torchvision and timm files. */
export const torchPython = (): string => fromScript('--torch');

export function debianPython(): string {
  const py = '/usr/bin/python3';
  const r = spawnSync(py, ['-c', 'import torch, torchvision, h5py'], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(
      'Debian python3-torch, python3-torchvision and python3-h5py are needed: apt-get install -y python3-torch python3-torchvision python3-h5py',
    );
  return py;
}

/** Runs a Python script (source text) with arguments; returns stdout, throws with stderr on failure. */
export function runPython(
  py: string,
  script: string,
  args: string[] = [],
  opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): string {
  const r = spawnSync(py, ['-c', script, ...args], {
    cwd: opts.cwd ?? root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 600_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', PYTHONHASHSEED: '0', ...opts.env },
  });
  if (r.status !== 0)
    throw new Error(`python failed (${r.status ?? r.signal}):\n${(r.stderr ?? '').slice(-4000)}`);
  return r.stdout;
}
