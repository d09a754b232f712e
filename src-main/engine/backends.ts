/**
 * Backend selection for the engine: tensorflow-gpu → tensorflow → wasm (SIMD) → cpu, or one backend
 * forced with --backend=NAME / INCEPTION_BACKEND. Every skipped backend carries a reason a user can act on.
 * Facts measured on the project's machines: setBackend returns false instead of throwing, the wasm files
 * must be located explicitly once bundled, and cpu is ~40× slower than wasm for Inception-size networks.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// tfjs-core alone registers no gradient functions; tfjs-layers registers them all.
import '@tensorflow/tfjs-layers';
import { applyTfjsFixes } from './tfjs/fixes/index.js';
import {
  explainMissingLibraries,
  probeNative,
  type NativePackage,
  type NativeProbe,
} from './tfjs/native-probe.js';
import { BACKEND_NAMES, type BackendName, type BackendReport, type BackendStatus } from './backend-types.js';

// tfjs prints an "install our node backend" banner on the cpu backend's first tensor, once per process
// (19 times in a test run). The app reports its backends and why each faster one is skipped itself
// (status bar, `inception-explorer backends`), so the banner only misleads. Prod mode silences tfjs'
// console warnings and nothing else (its debug checks are off unless DEBUG is set).
tf.enableProdMode();

export type { BackendName, BackendReport, BackendStatus };

export interface InitOptions {
  force?: BackendName;
  /** Folder holding tfjs-backend-wasm*.wasm; defaults to INCEPTION_WASM_DIR, then the installed package. */
  wasmDir?: string;
}

export const BACKEND_ORDER = BACKEND_NAMES;
export const BACKEND_ENV = 'INCEPTION_BACKEND';
export const WASM_DIR_ENV = 'INCEPTION_WASM_DIR';

export const CPU_WARNING =
  'pure JavaScript: about 40× slower than wasm for full-size networks (Inception-v3 takes ~20 s per image); ' +
  'use it only for tiny variants or to check results';

/** The tfjs backend each name runs on; both native packages register 'tensorflow'. */
const TFJS_NAME: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};
const NATIVE_PACKAGE: Partial<Record<BackendName, NativePackage>> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
    readonly forcedBy: 'flag' | 'env',
  ) {
    const how = forcedBy === 'env' ? `${BACKEND_ENV}=${backend}` : `--backend=${backend}`;
    super(`Backend '${backend}' was requested (${how}) but is not available: ${reason}`);
    this.name = 'BackendUnavailableError';
  }
}

function parseName(value: string, source: string): BackendName {
  if ((BACKEND_ORDER as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`Unknown backend '${value}' in ${source}; choose one of ${BACKEND_ORDER.join(', ')}.`);
}

function requested(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { name: BackendName; by: 'flag' | 'env' } | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--backend='))
      return { name: parseName(a.slice('--backend='.length), '--backend'), by: 'flag' };
    if (a === '--backend') {
      const v = argv[i + 1];
      if (!v || v.startsWith('-')) throw new Error(`--backend needs a name: ${BACKEND_ORDER.join(', ')}.`);
      return { name: parseName(v, '--backend'), by: 'flag' };
    }
  }
  const v = env[BACKEND_ENV]?.trim();
  return v ? { name: parseName(v, BACKEND_ENV), by: 'env' } : undefined;
}

/** The backend asked for with `--backend=NAME` (or `--backend NAME`), else INCEPTION_BACKEND; throws on an unknown name. */
export function requestedBackend(
  argv: string[] = process.argv,
  env: NodeJS.ProcessEnv = process.env,
): BackendName | undefined {
  return requested(argv, env)?.name;
}

/** The folder with the .wasm files. Inside a packaged app they are unpacked next to the asar. */
export function resolveWasmDir(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  let dir = explicit ?? env[WASM_DIR_ENV];
  if (!dir) {
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    dir = path.dirname(entry);
    const unpacked = dir.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
    if (unpacked !== dir && existsSync(unpacked)) dir = unpacked;
  }
  return dir.endsWith(path.sep) || dir.endsWith('/') ? dir : dir + path.sep;
}

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];
let wasmDirInUse: string | undefined;

function configureWasm(dir: string): string | undefined {
  const missing = WASM_FILES.filter((f) => !existsSync(dir + f));
  if (missing.length > 0) {
    return (
      `the wasm binaries (${missing.join(', ')}) are not in ${dir}. Set ${WASM_DIR_ENV} to the folder that ` +
      `holds them (node_modules/@tensorflow/tfjs-backend-wasm/dist, or the app's unpacked resources).`
    );
  }
  if (!isInitialised('wasm') && wasmDirInUse !== dir) {
    try {
      setWasmPaths(dir); // only before wasm initialises; afterwards the loaded binary stays
    } catch (e) {
      return (e as Error).message;
    }
    wasmDirInUse = dir;
  }
  return undefined;
}

type EngineInternals = {
  registry: Record<string, unknown>;
  initializeBackend(name: string): { success: boolean | Promise<boolean> };
};
const engineInternals = () => tf.engine() as unknown as EngineInternals;
const isInitialised = (name: string) => name in engineInternals().registry;
const pendingInit = new Map<string, Promise<boolean>>();

/** Initialises a registered tfjs backend without making it the active one (tf.findBackend would, lazily). */
async function initialiseWithoutSwitching(name: string): Promise<boolean> {
  if (isInitialised(name)) return true;
  let p = pendingInit.get(name);
  if (!p) {
    p = Promise.resolve(engineInternals().initializeBackend(name).success);
    pendingInit.set(name, p);
  }
  const ok = await p;
  pendingInit.delete(name);
  return ok;
}

/** A native backend's status from its probe. */
export function nativeStatus(name: 'tensorflow-gpu' | 'tensorflow', p: NativeProbe): BackendStatus {
  if (!p.loaded) return { name, available: false, reason: p.reason };
  if (name === 'tensorflow-gpu' && !p.gpu) {
    const libs = p.missingLibraries.length
      ? ` It could not load: ${explainMissingLibraries(p.missingLibraries)}.`
      : '';
    return {
      name,
      available: false,
      reason:
        `${NATIVE_PACKAGE[name]} loaded but TensorFlow sees no GPU: it needs an NVIDIA GPU with its driver, ` +
        `CUDA 11.2 and cuDNN 8.1.${libs}`,
    };
  }
  return { name, available: true };
}

async function probeOne(name: BackendName, wasmDir: string): Promise<BackendStatus> {
  if (name === 'tensorflow-gpu' || name === 'tensorflow')
    return nativeStatus(name, await probeNative(NATIVE_PACKAGE[name]!));
  if (name === 'wasm') {
    if (typeof WebAssembly !== 'object')
      return { name, available: false, reason: 'this runtime has no WebAssembly.' };
    const problem = configureWasm(wasmDir);
    if (problem) return { name, available: false, reason: problem };
    if (!(await initialiseWithoutSwitching('wasm'))) {
      return {
        name,
        available: false,
        reason: `the wasm backend failed to initialise from ${wasmDir} (see the log).`,
      };
    }
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return simd
      ? { name, available: true }
      : { name, available: true, reason: 'this runtime lacks WebAssembly SIMD, so wasm runs ~2.7× slower.' };
  }
  return { name, available: true, reason: CPU_WARNING };
}

/** Every backend's status, for the `backends` CLI command; does not change the active backend. */
export async function probeBackends(opts: { wasmDir?: string } = {}): Promise<BackendStatus[]> {
  applyTfjsFixes();
  const dir = resolveWasmDir(opts.wasmDir);
  const out: BackendStatus[] = [];
  for (const name of BACKEND_ORDER) out.push(await probeOne(name, dir));
  return out;
}

async function activate(name: BackendName): Promise<string | undefined> {
  const pkg = NATIVE_PACKAGE[name];
  try {
    if (pkg) await import(pkg); // registers the 'tensorflow' backend on the shared tfjs engine
    const ok = await tf.setBackend(TFJS_NAME[name]);
    if (!ok || tf.getBackend() !== TFJS_NAME[name])
      return `tf.setBackend('${TFJS_NAME[name]}') returned false.`;
    return undefined;
  } catch (e) {
    return `activating it failed: ${(e as Error).message}`;
  }
}

/**
 * Picks and activates the backend. A forced backend that is unavailable throws BackendUnavailableError;
 * otherwise the first available one in BACKEND_ORDER wins and the others keep their reasons.
 */
export async function initBackend(opts: InitOptions = {}): Promise<BackendReport> {
  const req = opts.force ? { name: opts.force, by: 'flag' as const } : requested(process.argv, process.env);
  const statuses = await probeBackends({ wasmDir: opts.wasmDir });
  const byName = (n: BackendName) => statuses.find((s) => s.name === n)!;

  let active: BackendName | undefined;
  if (req) {
    const s = byName(req.name);
    if (!s.available) throw new BackendUnavailableError(req.name, s.reason ?? 'unknown reason', req.by);
    const failure = await activate(req.name);
    if (failure) throw new BackendUnavailableError(req.name, failure, req.by);
    active = req.name;
  } else {
    for (const name of BACKEND_ORDER) {
      const s = byName(name);
      if (!s.available) continue;
      const failure = await activate(name);
      if (!failure) {
        active = name;
        break;
      }
      Object.assign(s, { available: false, reason: failure });
    }
  }
  if (!active) throw new Error('No TensorFlow.js backend could be initialised, not even cpu.');

  const report: BackendReport = { active, statuses };
  if (req) report.forcedBy = req.by;
  if (active === 'wasm') report.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  return report;
}
