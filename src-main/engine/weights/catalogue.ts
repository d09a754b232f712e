/**
 * The published-weights catalogue (entries in catalogue-data.ts): one click (or `weights get ID`)
 * downloads an entry through fetch.ts, checks the publisher's checksum, and loads it for the
 * entry's network variant. Only a file whose checksum matched is labelled "pretrained".
 *
 * Tests and offline mirrors point the catalogue elsewhere: `base` replaces each URL's origin (the
 * path, i.e. the publisher's names and folders, stays), `overrides` replaces an entry's checksum or
 * size. The app reads them from INCEPTION_CATALOGUE_BASE and INCEPTION_CATALOGUE_OVERRIDES (JSON).
 */
import type { Analysis } from '../../shared/analysis-types.js';
import { CATALOGUE, type CatalogueEntry } from './catalogue-data.js';
import { cachedFile, fetchFile, type ExpectedHash, type Fetched, type FetchOptions } from './fetch.js';
import { WeightsError, type LoadedWeights } from './types.js';

export type { CatalogueEntry } from './catalogue-data.js';

export interface EntryOverride {
  md5?: string;
  sha256?: string;
  bytes?: number;
}

export interface CatalogueOptions {
  /** Replaces every URL's origin, e.g. "http://127.0.0.1:8123" (a mirror, or a test server). */
  base?: string;
  overrides?: Record<string, EntryOverride>;
}

/** The options the environment sets (see the module comment); empty when unset. */
export function catalogueOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CatalogueOptions {
  const o: CatalogueOptions = {};
  if (env.INCEPTION_CATALOGUE_BASE) o.base = env.INCEPTION_CATALOGUE_BASE;
  if (env.INCEPTION_CATALOGUE_OVERRIDES) {
    try {
      o.overrides = JSON.parse(env.INCEPTION_CATALOGUE_OVERRIDES) as Record<string, EntryOverride>;
    } catch {
      throw new WeightsError('format', 'INCEPTION_CATALOGUE_OVERRIDES is not valid JSON.');
    }
  }
  return o;
}

function apply(e: CatalogueEntry, o: CatalogueOptions): CatalogueEntry {
  let url = e.url;
  if (o.base) {
    const u = new URL(e.url);
    url = new URL(u.pathname, o.base.endsWith('/') ? o.base : `${o.base}/`).toString();
  }
  const ov = o.overrides?.[e.id];
  let checksum: ExpectedHash | undefined = e.checksum;
  if (ov?.sha256) checksum = { algorithm: 'sha256', value: ov.sha256 };
  else if (ov?.md5) checksum = { algorithm: 'md5', value: ov.md5 };
  return { ...e, url, checksum, bytes: ov?.bytes ?? e.bytes };
}

/** Every entry, with the options applied. */
export const catalogue = (o: CatalogueOptions = {}): CatalogueEntry[] => CATALOGUE.map((e) => apply(e, o));

export function findEntry(id: string, o: CatalogueOptions = {}): CatalogueEntry {
  const e = CATALOGUE.find((x) => x.id === id);
  if (!e)
    throw new WeightsError(
      'not_found',
      `There is no published-weights entry "${id.slice(0, 80)}" (known: ${CATALOGUE.map((x) => x.id).join(', ')}).`,
    );
  return apply(e, o);
}

export type EntryState =
  { state: 'cached'; verified?: string } | { state: 'partial'; bytes: number } | { state: 'none' };

/** Whether an entry is in the cache (and verified), half downloaded, or not there; no network. */
export async function entryState(e: CatalogueEntry, cacheDir?: string): Promise<EntryState> {
  const c = await cachedFile(e.url, { cacheDir, fileName: e.file });
  if (!c) return { state: 'none' };
  if (c.partBytes) return { state: 'partial', bytes: c.partBytes };
  return { state: 'cached', verified: c.verified };
}

/** Where to get an entry by hand, for the offline message and `weights list`. */
export const byHand = (e: CatalogueEntry): string =>
  `Download ${e.url} with a browser (or curl -L -O), then open it from disk: in the Activations view choose ${e.network} (${e.flavour}) and Weights → File, or run \`inception-explorer infer ${e.network} --flavour ${e.flavour} --weights ${e.file} --image IMG\`.`;

/** Downloads (or finds in the cache) an entry's file and checks it against the publisher's checksum. */
export async function getEntry(e: CatalogueEntry, o: FetchOptions = {}): Promise<Fetched> {
  try {
    return await fetchFile(e.url, {
      ...o,
      fileName: e.file,
      expectedHash: e.checksum,
      expectedSize: e.bytes,
      // A catalogue file is as large as its publisher says, with room for rounding in "92 MB".
      maxBytes: e.bytes ?? o.maxBytes,
    });
  } catch (err) {
    if (err instanceof WeightsError && err.code === 'offline')
      throw new WeightsError(
        'offline',
        `Could not reach ${new URL(e.url).host}: this machine seems to be offline. ${byHand(e)}`,
        [],
        { kind: 'catalogue', url: e.url, network: e.network, flavour: e.flavour, file: e.file },
      );
    throw err;
  }
}

/**
 * An entry's weights for `a`, which must be the entry's variant. `loadFile` is load.ts's
 * loadWeightsFile (passed in, so the two modules do not import each other).
 */
export async function loadCatalogueWeights(
  a: Analysis,
  id: string,
  o: FetchOptions & CatalogueOptions & { seed?: number },
  loadFile: (a: Analysis, path: string, o: FetchOptions & { seed?: number }) => Promise<LoadedWeights>,
): Promise<LoadedWeights> {
  const e = findEntry(id, o);
  if (e.unsupported)
    throw new WeightsError('format', `${e.title}: ${e.unsupported}`, [], { kind: 'unsupported' });
  const s = a.spec;
  if (
    s.id !== e.network ||
    s.flavour !== e.flavour ||
    s.variant.classes !== e.classes ||
    s.variant.width !== 1
  )
    throw new WeightsError(
      'mismatch',
      `${e.title} fits ${e.network} (flavour '${e.flavour}', ${e.classes} classes, full width), not ${s.id} ('${s.flavour}', ${s.variant.classes} classes, width ${s.variant.width}).`,
      [],
      { kind: 'network', file: e.file, holds: e.title, network: e.network, flavour: e.flavour },
    );
  const got = await getEntry(e, o);
  const r = await loadFile(a, got.path, o);
  const info = r.info;
  info.kind = got.verified ? 'pretrained' : 'file';
  info.label = `${e.title} — ${got.verified ? "publisher's checksum matched" : 'no checksum published, size checked'}`;
  info.preprocessing = e.preprocessing;
  info.source = e.url;
  info.catalogue = e.id;
  info.verified = got.verified;
  // The generic "not known to be ImageNet-trained" note does not apply to a verified publisher file.
  if (got.verified) info.notes = info.notes.filter((n) => !NOT_KNOWN.test(n));
  info.notes.push(
    `${e.publisher} reports top-1 ${e.top1} % on ImageNet (${e.top1Source}); preprocessing: ${e.recipe}`,
  );
  return r;
}

/** The note load.ts adds to files nothing vouches for (kept in step with it by this pattern). */
export const NOT_KNOWN = /not known to be ImageNet-trained/;
