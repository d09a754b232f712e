#!/usr/bin/env node
// The `inception-explorer` CLI: runs src-main/cli/main.ts under tsx (or the bundled build when the
// sources are not there, as in a packaged app).
import { existsSync } from 'node:fs';

const source = new URL('../src-main/cli/main.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist-main/cli/main.cjs', import.meta.url).href);
}
