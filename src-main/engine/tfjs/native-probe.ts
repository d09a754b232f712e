/**
 * Probes @tensorflow/tfjs-node(-gpu) in a child process. Loading libtensorflow can kill the process
 * (SIGILL on CPUs without AVX, segfaults on broken CUDA installs), and TensorFlow reports missing CUDA
 * libraries only on its native stderr, which a child process lets us read. The engine imports the
 * package in-process only after the probe succeeded.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export type NativePackage = '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu';

export interface NativeProbe {
  installed: boolean;
  /** The package loaded and ran an op. */
  loaded: boolean;
  /** TensorFlow placed ops on a GPU (tfjs-node's `isUsingGpuDevice`). */
  gpu: boolean;
  /** Shared libraries TensorFlow or the loader reported missing, in order of appearance. */
  missingLibraries: string[];
  /** Why it is unusable, in words a user can act on (absent when usable). */
  reason?: string;
}

const PROBE_MARK = '@@inception-probe ';
const PROBE_SCRIPT = `
const tf = await import(process.env.IE_PROBE_URL);
const t = tf.matMul(tf.ones([32, 32]), tf.ones([32, 32]));
await t.data();
const b = tf.backend();
console.log(${JSON.stringify(PROBE_MARK)} + JSON.stringify({ backend: tf.getBackend(), gpu: Boolean(b && b.isUsingGpuDevice) }));
`;

/** Where each library comes from; tfjs-node-gpu 4.x is built against CUDA 11.2 and cuDNN 8.1. */
const LIBRARY_NEEDS: Array<[RegExp, string]> = [
  [/^libcudart\.so/, 'needs CUDA 11.2'],
  [/^libcu(blas|blasLt|fft|rand|solver|sparse)\.so/, 'needs the CUDA 11.2 toolkit libraries'],
  [/^libcudnn/, 'needs cuDNN 8.1'],
  [/^libcuda\.so/, 'needs the NVIDIA driver'],
  [/^libtensorflow/, 'needs libtensorflow, which the package downloads at install time'],
];

/** TensorRT (libnvinfer) is optional: TensorFlow warns about it but runs without it. */
const OPTIONAL_LIBRARY = /^libnvinfer/;

export function findMissingLibraries(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /Could not load dynamic library '([^']+)'/g,
    /(lib[\w+.-]+?\.so(?:\.[\d.]+)?): cannot open shared object file/g,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const lib = m[1].split('/').pop()!;
      if (!OPTIONAL_LIBRARY.test(lib) && !found.includes(lib)) found.push(lib);
    }
  }
  return found;
}

/** "libcudnn.so.8 was not found: needs cuDNN 8.1" for each missing library. */
export function explainMissingLibraries(libs: string[]): string {
  return libs
    .map((lib) => {
      const need = LIBRARY_NEEDS.find(([re]) => re.test(lib))?.[1];
      return need ? `${need} (${lib} was not found)` : `${lib} was not found`;
    })
    .join('; ');
}

export function notInstalledReason(pkg: NativePackage): string {
  const gpu = pkg === '@tensorflow/tfjs-node-gpu';
  return (
    `${pkg} is not installed: its install downloads libtensorflow${gpu ? ' (GPU build)' : ''}, which fails ` +
    `without internet access, and npm then drops it. Run \`npm install ${pkg}\` on a machine with internet` +
    (gpu
      ? ', an NVIDIA GPU, CUDA 11.2 and cuDNN 8.1 (Linux or Windows x64).'
      : ' (Linux, macOS or Windows x64).')
  );
}

/** Turns a failed probe into one actionable sentence. */
export function explainNativeFailure(
  pkg: NativePackage,
  r: { output: string; signal?: string | null; error?: string },
): string {
  const missing = findMissingLibraries(r.output + '\n' + (r.error ?? ''));
  if (missing.length > 0) return `${pkg} could not load: ${explainMissingLibraries(missing)}.`;
  if (r.signal === 'SIGILL' || /Illegal instruction/i.test(r.output)) {
    return `${pkg} crashed with an illegal instruction: the prebuilt libtensorflow needs a CPU with AVX.`;
  }
  if (r.signal) return `${pkg} crashed while loading (signal ${r.signal}).`;
  const first =
    (r.error ?? r.output).split('\n').find((l) => /error/i.test(l)) ?? (r.error ?? '').split('\n')[0];
  return `${pkg} failed to load: ${first?.trim() || 'unknown error'}.`;
}

export function resolveNative(pkg: NativePackage): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(pkg);
  } catch {
    return undefined;
  }
}

const cache = new Map<NativePackage, Promise<NativeProbe>>();

/** Probes once per process (the answer does not change while the app runs). */
export function probeNative(pkg: NativePackage, timeoutMs = 120_000): Promise<NativeProbe> {
  let p = cache.get(pkg);
  if (!p) {
    p = runProbe(pkg, timeoutMs);
    cache.set(pkg, p);
  }
  return p;
}

function runProbe(pkg: NativePackage, timeoutMs: number): Promise<NativeProbe> {
  return probeNativeAt(pkg, resolveNative(pkg), timeoutMs);
}

/** Probes the module file `resolved` as if it were `pkg` (undefined: not installed). */
export async function probeNativeAt(
  pkg: NativePackage,
  resolved: string | undefined,
  timeoutMs: number,
): Promise<NativeProbe> {
  if (!resolved)
    return {
      installed: false,
      loaded: false,
      gpu: false,
      missingLibraries: [],
      reason: notInstalledReason(pkg),
    };
  const env = {
    ...process.env,
    IE_PROBE_URL: pathToFileURL(resolved).href,
    TF_CPP_MIN_LOG_LEVEL: '0', // keep TensorFlow's "Could not load dynamic library" warnings
    ELECTRON_RUN_AS_NODE: '1', // process.execPath is Electron inside the packaged app
  };
  let timedOut = false;
  const result = await new Promise<{
    output: string;
    code: number | null;
    signal: string | null;
    error?: string;
  }>((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT], {
      env,
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs);
    child.on(
      'error',
      (e) => (clearTimeout(timer), resolve({ output, code: null, signal: null, error: e.message })),
    );
    child.on('close', (code, signal) => (clearTimeout(timer), resolve({ output, code, signal })));
  });
  const missingLibraries = findMissingLibraries(result.output);
  const line = result.output.split('\n').find((l) => l.startsWith(PROBE_MARK));
  if (result.code === 0 && line) {
    const { gpu } = JSON.parse(line.slice(PROBE_MARK.length)) as { gpu: boolean };
    return { installed: true, loaded: true, gpu, missingLibraries };
  }
  const reason = timedOut
    ? `${pkg} did not finish loading within ${timeoutMs / 1000} s.`
    : explainNativeFailure(pkg, { output: result.output, signal: result.signal, error: result.error });
  return { installed: true, loaded: false, gpu: false, missingLibraries, reason };
}
