#!/usr/bin/env node
// The `inception-explorer` CLI. It runs the bundled build (dist-main/cli/main.cjs, ~0.4 s to start);
// in a source checkout the bundle is rebuilt first when any source under src-main is newer (esbuild,
// ~0.4 s), and if esbuild is missing the sources run under tsx (~1.5 s to start).
import { existsSync, readdirSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const bundle = new URL('dist-main/cli/main.cjs', root);
const sources = new URL('src-main/', root);

/** Newest modification time under a folder (0 if absent). */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

async function freshBundle() {
  if (!existsSync(sources)) return existsSync(bundle);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(sources.pathname)) return true;
  try {
    const { buildMain } = await import(new URL('scripts/build-main.mjs', root).href);
    await buildMain({ quiet: true });
    return true;
  } catch {
    return false;
  }
}

if (await freshBundle()) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src-main/cli/main.ts', root).href);
}
