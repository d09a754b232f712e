/**
 * `inception-explorer weights list|get|verify`: the published-weights catalogue from the command line,
 * the same code as the Weights panel (engine/weights/catalogue.ts).
 *
 *   weights list [--json]            every entry: network/flavour, size, top-1, checksum, cache state
 *   weights get ID [--cache-dir D]   download (resumes a partial one), check the publisher's checksum
 *   weights verify ID|FILE [--entry ID]
 *                                    hash a cached entry or any file against the publisher's checksum
 *
 * INCEPTION_CATALOGUE_BASE / INCEPTION_CATALOGUE_OVERRIDES point the catalogue at a mirror.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import {
  byHand,
  catalogue,
  catalogueOptionsFromEnv,
  entryState,
  findEntry,
  getEntry,
  type CatalogueEntry,
} from '../../engine/weights/catalogue.js';
import { CATALOGUE } from '../../engine/weights/catalogue-data.js';
import { cachedFile, hashFile, verifyFile } from '../../engine/weights/fetch.js';
import { WeightsError } from '../../engine/weights/types.js';
import { textTable } from './text-table.js';

export interface WeightsListJson {
  schema: 'inception-explorer/weights-list@1';
  entries: (Omit<CatalogueEntry, 'checksum'> & {
    checksum: { algorithm: string; value?: string } | null;
    state: 'cached' | 'partial' | 'none';
    partBytes?: number;
  })[];
}

export async function listData(cacheDir?: string): Promise<WeightsListJson> {
  const entries = await Promise.all(
    catalogue(catalogueOptionsFromEnv()).map(async (e) => {
      const st = await entryState(e, cacheDir);
      return {
        ...e,
        checksum: e.checksum
          ? { algorithm: e.checksum.algorithm, ...('value' in e.checksum ? { value: e.checksum.value } : {}) }
          : null,
        state: st.state,
        ...(st.state === 'partial' ? { partBytes: st.bytes } : {}),
      };
    }),
  );
  return { schema: 'inception-explorer/weights-list@1', entries };
}

export function listText(d: WeightsListJson): string {
  const rows = d.entries.map((e) => [
    e.id,
    `${e.network} (${e.flavour})`,
    e.sizeText.replace(/ \(.*\)$/, ''),
    `${e.top1.toFixed(1)} %`,
    e.checksum ? e.checksum.algorithm : 'not published',
    e.unsupported
      ? 'not readable yet'
      : e.state === 'partial'
        ? `partial (${e.partBytes} bytes)`
        : e.state === 'cached'
          ? 'downloaded'
          : '',
  ]);
  return [
    textTable(['id', 'network (flavour)', 'size', 'top-1', 'checksum', 'state'], rows, [
      false,
      false,
      false,
      true,
    ]),
    '',
    'Top-1 on ImageNet as each publisher reports it. `weights get ID` downloads and checks one;',
    '`infer NETWORK --weights ID` runs it. Sources, licences and recipes: `weights list --json`.',
  ].join('\n');
}

const progress = (d: number, t: number, m: string) =>
  process.stderr.write(`\r${m}${t > 1 ? ` ${Math.round((100 * d) / t)}%` : ''}   `);

export async function runGet(
  id: string,
  o: { cacheDir?: string; signal?: AbortSignal } = {},
): Promise<string> {
  const e = findEntry(id, catalogueOptionsFromEnv());
  const got = await getEntry(e, { cacheDir: o.cacheDir, signal: o.signal, onProgress: progress });
  process.stderr.write('\n');
  return [
    `${e.title}: ${got.cached ? 'already downloaded' : 'downloaded'}, ${got.size} bytes`,
    `  file: ${got.path}`,
    got.verified
      ? `  checksum: matches the publisher's (${got.verified})`
      : '  checksum: none published; size checked only',
    e.unsupported
      ? `  note: ${e.unsupported}`
      : `  run it: inception-explorer infer ${e.network} --weights ${e.id} --image IMG`,
  ].join('\n');
}

/**
 * An entry id: re-hash its cached file. A file: hash it and compare with `--entry`'s checksum, or
 * name the entries whose published checksum it matches.
 */
export async function runVerify(
  target: string,
  o: { entry?: string; cacheDir?: string } = {},
): Promise<string> {
  const env = catalogueOptionsFromEnv();
  const isEntry = CATALOGUE.some((e) => e.id === target) && !existsSync(target);
  if (isEntry) {
    const e = findEntry(target, env);
    const c = await cachedFile(e.url, { cacheDir: o.cacheDir, fileName: e.file });
    if (!c || c.partBytes)
      throw new WeightsError(
        'not_found',
        `${e.id} is not downloaded yet: run \`inception-explorer weights get ${e.id}\`. ${byHand(e)}`,
      );
    return verifyAgainst(c.path, e, true);
  }
  if (!existsSync(target))
    throw new WeightsError('not_found', `${target} is neither a catalogue entry nor a file.`);
  if (o.entry) return verifyAgainst(target, findEntry(o.entry, env), false);
  const h = await hashFile(target);
  const matches = catalogue(env).filter((e) => {
    const c = e.checksum;
    if (!c || c.algorithm === 'hf-linked-etag') return false;
    if (c.algorithm === 'md5') return h.md5 === c.value;
    if (c.algorithm === 'sha256-prefix') return h.sha256.startsWith(c.value);
    return h.sha256 === c.value;
  });
  return [
    `${target}: ${h.size} bytes`,
    `  sha256 ${h.sha256}`,
    `  md5    ${h.md5}`,
    matches.length
      ? `  matches the published checksum of ${matches.map((e) => e.id).join(', ')}`
      : '  matches no published checksum in the catalogue (Hugging Face hub files: compare the sha256 with the file page)',
  ].join('\n');
}

async function verifyAgainst(path: string, e: CatalogueEntry, deleteOnMismatch: boolean): Promise<string> {
  const c = e.checksum;
  if (!c || c.algorithm === 'hf-linked-etag') {
    const h = await hashFile(path);
    return `${e.id}: ${h.size} bytes, sha256 ${h.sha256}; ${c ? 'the hub states its SHA-256 only with a download (X-Linked-Etag): compare it with the file page' : 'no checksum is published'}.`;
  }
  if (!deleteOnMismatch) {
    // A user's own file is never deleted: hash and compare only.
    const h = await hashFile(path);
    const got = c.algorithm === 'md5' ? h.md5 : h.sha256;
    const ok = c.algorithm === 'sha256-prefix' ? got.startsWith(c.value) : got === c.value;
    if (!ok)
      throw new WeightsError(
        'checksum',
        `${path} does not match ${e.id}'s published ${c.algorithm === 'md5' ? 'MD5' : 'SHA-256'} (expected ${c.value}, got ${got}).`,
      );
    return `${path}: matches ${e.id} (${c.algorithm === 'md5' ? 'md5' : 'sha256'} ${c.value})`;
  }
  const v = await verifyFile(path, c, e.file);
  return `${e.id}: matches the publisher's checksum (${v.verified})`;
}

export function register(program: Command): void {
  const w = program
    .command('weights')
    .description('The published weights of the Inception family: list, download and verify them');
  w.command('list')
    .description('List the published-weights catalogue and what is downloaded')
    .option('--json', 'print JSON (schema inception-explorer/weights-list@1)')
    .option('--cache-dir <dir>', 'weights cache folder (default: the app data folder)')
    .action(async (o: { json?: boolean; cacheDir?: string }) => {
      const d = await listData(o.cacheDir);
      console.log(o.json ? JSON.stringify(d, null, 2) : listText(d));
    });
  w.command('get')
    .description("Download one entry (resuming a partial download) and check the publisher's checksum")
    .argument('<id>', 'catalogue id (see `weights list`)')
    .option('--cache-dir <dir>', 'weights cache folder (default: the app data folder)')
    .action(async (id: string, o: { cacheDir?: string }) => {
      const ctl = new AbortController();
      const stop = () => ctl.abort();
      process.once('SIGINT', stop); // Ctrl-C keeps the .part file, so the next get resumes
      try {
        console.log(await runGet(id, { cacheDir: o.cacheDir, signal: ctl.signal }));
      } finally {
        process.off('SIGINT', stop);
      }
    });
  w.command('verify')
    .description("Check a downloaded entry, or any file, against the publisher's checksum")
    .argument('<id-or-file>', 'catalogue id, or a weights file')
    .option('-e, --entry <id>', 'compare the file with this entry')
    .option('--cache-dir <dir>', 'weights cache folder (default: the app data folder)')
    .action(async (target: string, o: { entry?: string; cacheDir?: string }) => {
      console.log(await runVerify(target, o));
    });
}
