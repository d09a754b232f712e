/**
 * electron-builder configuration (`npm run dist`). AppImage and deb for Linux, NSIS for Windows, dmg for macOS.
 * The main process, preload and engine are bundled by scripts/build-main.mjs into dist-main/ (dependencies
 * stay in node_modules); the renderer is built by Vite into dist/renderer/.
 * Native modules (.node) and tfjs' .wasm files must live outside the asar: Node cannot dlopen or read
 * them from inside it, so they are unpacked (tfjs setWasmPaths points at app.asar.unpacked).
 */
import type { Configuration } from 'electron-builder';

/** What the app is made of; everything else in the repo (sources, tests, caches) stays out. */
const APP_FILES = [
  'package.json',
  'dist/renderer/**',
  'dist-main/**',
  'assets/**',
  '!**/*.map',
  '!node_modules/@tensorflow/tfjs-*/dist/**/*.{esm,es2017,fesm,node}.js.map',
];

/**
 * A platform's files: the app's, without the other platforms' onnxruntime-node CPU binaries (~290 MB).
 * A platform list of negations alone would mean "the whole folder but these", so it repeats APP_FILES.
 */
const platformFiles = (keep: 'linux' | 'win32' | 'darwin'): string[] => [
  ...APP_FILES,
  ...(['linux', 'win32', 'darwin'] as const)
    .filter((p) => p !== keep)
    .map((p) => `!node_modules/onnxruntime-node/bin/napi-v6/${p}/**`),
];

/**
 * Fuses flipped in the packaged binary (https://www.electronjs.org/docs/latest/tutorial/fuses, set
 * through electron-builder's electronFuses: https://www.electron.build/tutorials/adding-electron-fuses).
 * Nobody can turn the installed app into a plain Node (ELECTRON_RUN_AS_NODE), inject code through
 * NODE_OPTIONS or attach a debugger with --inspect; only the (integrity-checked) app.asar is loaded;
 * cookies on disk are encrypted. The engine runs as a utilityProcess, which needs none of these.
 */
export const ELECTRON_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
} as const satisfies NonNullable<Configuration['electronFuses']>;

const config: Configuration = {
  appId: 'org.inception-explorer.app',
  productName: 'Inception Explorer',
  executableName: 'inception-explorer',
  electronVersion: '45.5.0',
  directories: { output: 'dist-electron', buildResources: 'assets/icons' },
  files: APP_FILES,
  asarUnpack: [
    '**/*.wasm',
    '**/*.node',
    'node_modules/onnxruntime-node/bin/**',
    'node_modules/@tensorflow/tfjs-node/**',
    'node_modules/@tensorflow/tfjs-node-gpu/**',
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Education',
    files: platformFiles('linux'),
  },
  deb: { depends: ['libnss3', 'libgtk-3-0'] },
  win: { target: 'nsis', files: platformFiles('win32') },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true },
  mac: { target: 'dmg', category: 'public.app-category.education', files: platformFiles('darwin') },
  electronFuses: ELECTRON_FUSES,
};

export default config;
