/**
 * The published-weights catalogue: its URLs, checksums, top-1 and recipes against the publishers' own
 * installed sources (keras, torchvision and timm source files, read as text: nothing is copied from
 * the catalogue), and downloads from a local HTTP server on 127.0.0.1 serving files under the
 * catalogue's own paths (base URL and checksums overridden): "pretrained" only when the checksum matched.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../../src-main/analysis/analyse.js';
import type { Analysis } from '../../../src-main/shared/analysis-types.js';
import { CATALOGUE } from '../../../src-main/engine/weights/catalogue-data.js';
import {
  catalogue,
  catalogueOptionsFromEnv,
  entryState,
  findEntry,
  loadCatalogueWeights,
} from '../../../src-main/engine/weights/catalogue.js';
import { WeightsError, type LoadedWeights } from '../../../src-main/engine/weights/types.js';
import { buildNetwork } from '../../../src-main/zoo/index.js';
import { refPython, runPython, torchPython } from '../../support/python.js';

/** What the publishers' installed sources say, parsed from their files (no import of the packages). */
const PUBLISHERS = String.raw`
import ast, json, re, sys, os, importlib.util
def text(rel):
    # The package's own folder, found without importing it (Debian's or the venv's).
    top, rest = rel.split('/', 1)
    return open(os.path.join(importlib.util.find_spec(top).submodule_search_locations[0], rest)).read()
have = lambda name: importlib.util.find_spec(name) is not None
out = {}
for name in (['inception_v3', 'inception_resnet_v2'] if have('keras') else []):
    s = text('keras/src/applications/%s.py' % name)
    base = re.search(r'(?:WEIGHTS_PATH|BASE_WEIGHT_URL) = \(([^)]*)\)', s).group(1)
    out['keras-' + name] = {'url_start': ''.join(re.findall(r'"([^"]*)"', base)),
                            'hash': re.findall(r'file_hash="([0-9a-f]+)"', s)[0]}
def weights(rel, cls):
    tree = ast.parse(text(rel))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == cls:
            call = node.body[0].value
            kw = {k.arg: k.value for k in call.keywords}
            meta = ast.literal_eval(ast.unparse(kw['meta']).replace('_IMAGENET_CATEGORIES', 'None'))
            return {'url': ast.literal_eval(kw['url']), 'acc1': meta['_metrics']['ImageNet-1K']['acc@1'],
                    'file_size': meta.get('_file_size')}
if have('torchvision'):
    out['torchvision-googlenet'] = weights('torchvision/models/googlenet.py', 'GoogLeNet_Weights')
    out['torchvision-inception_v3'] = weights('torchvision/models/inception.py', 'Inception_V3_Weights')
for mod, tags in ([] if not have('timm') else [('inception_v3', ['inception_v3.tv_in1k', 'inception_v3.tf_in1k']),
                  ('inception_v4', ['inception_v4.tf_in1k']),
                  ('inception_resnet_v2', ['inception_resnet_v2.tf_in1k'])]):
    s = text('timm/models/%s.py' % mod)
    for tag in tags:
        i = s.index("'%s'" % tag, s.index('default_cfgs'))
        chunk = s[i:i + 900]
        crop = re.search(r"'crop_pct': ([0-9.]+)", chunk)
        if crop is None:  # inception_v3's entries take _cfg's defaults
            crop = re.search(r"'crop_pct': ([0-9.]+)", s[s.index('def _cfg'):])
        interp = re.search(r"'interpolation': '(\w+)'", chunk) or re.search(r"'interpolation': '(\w+)'", s[s.index('def _cfg'):])
        lic = re.search(r"'license': '([\w.-]+)'", chunk) or re.search(r"'license': '([\w.-]+)'", s[s.index('def _cfg'):])
        out['timm-' + tag] = {'hub': "hf_hub_id='timm/'" in chunk or "'hf_hub_id': 'timm/'" in chunk,
                              'crop_pct': float(crop.group(1)), 'interpolation': interp.group(1),
                              'license': lic.group(1)}
print(json.dumps(out))
`;

describe("the catalogue's facts are the publishers'", () => {
  it('matches the installed keras, torchvision and timm sources', () => {
    // Keras from the TensorFlow environment; torchvision (Debian's) and timm from the PyTorch one.
    const pub = {
      ...(JSON.parse(runPython(refPython(), PUBLISHERS)) as Record<string, Record<string, unknown>>),
      ...(JSON.parse(runPython(torchPython(), PUBLISHERS)) as Record<string, Record<string, unknown>>),
    };
    for (const id of ['keras-inception_v3', 'keras-inception_resnet_v2']) {
      const e = findEntry(id);
      expect(e.url.startsWith(pub[id]!.url_start as string)).toBe(true);
      expect(e.checksum).toEqual({ algorithm: 'md5', value: pub[id]!.hash });
    }
    for (const id of ['torchvision-googlenet', 'torchvision-inception_v3']) {
      const e = findEntry(id);
      expect(e.url).toBe(pub[id]!.url);
      expect(e.top1).toBe(pub[id]!.acc1);
      // Older torchvision (Debian's 0.14) does not record the file size.
      if (pub[id]!.file_size != null) expect(e.sizeText).toContain(String(pub[id]!.file_size).slice(0, 4));
      // torch.hub: the hex in the file name is the SHA-256 prefix.
      expect(e.checksum).toEqual({ algorithm: 'sha256-prefix', value: /-([a-f0-9]+)\./.exec(e.file)![1] });
    }
    for (const e of CATALOGUE.filter((x) => x.publisher === 'timm')) {
      const p = pub[e.id]!;
      const tag = e.id.slice('timm-'.length);
      expect(p.hub).toBe(true);
      expect(e.url).toBe(`https://huggingface.co/timm/${tag}/resolve/main/model.safetensors`);
      expect(e.licence.toLowerCase()).toContain(String(p.license));
      expect(e.recipe).toContain(`299/${p.crop_pct}`);
      expect(e.recipe).toContain(String(p.interpolation));
      expect(e.checksum).toEqual({ algorithm: 'hf-linked-etag' });
    }
  }, 120_000);

  it("every entry's variant exists, and only what the app cannot read is marked so", () => {
    for (const e of CATALOGUE) {
      const a = analyse(buildNetwork(e.network, { flavour: e.flavour, classes: e.classes }));
      expect(a.spec.variant.classes).toBe(e.classes);
      expect(Boolean(e.unsupported)).toBe(e.publisher === 'tf-slim');
      if (!e.checksum) expect(e.checksumText).toMatch(/not published/);
    }
  });
});

const fileBody = randomBytes(64_000);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let server: Server;
let base: string;
const served: string[] = [];
let root: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(req.url!);
    // The catalogue's own paths, e.g. /models/googlenet-1378be20.pth
    if (req.url === '/models/googlenet-1378be20.pth') {
      res.writeHead(200, { 'content-length': fileBody.length });
      return res.end(fileBody);
    }
    if (req.url === '/timm/inception_v4.tf_in1k/resolve/main/model.safetensors') {
      res.writeHead(302, { location: '/cdn/v4', 'x-linked-etag': `"${sha(fileBody)}"` });
      return res.end();
    }
    if (req.url === '/cdn/v4') {
      res.writeHead(200, { 'content-length': fileBody.length });
      return res.end(fileBody);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = await mkdtemp(join(tmpdir(), 'catalogue-test-'));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

/** Stands in for load.ts's reader: the catalogue's own logic (download, verify, label) is under test. */
const fakeLoad = async (_a: Analysis, path: string): Promise<LoadedWeights> => ({
  weights: new Map() as unknown as LoadedWeights['weights'],
  info: {
    kind: 'file',
    label: path,
    preprocessing: 'torchvision',
    imagenet: true,
    notes: ['not known to be ImageNet-trained: …'],
  },
});

const googlenet = () => analyse(buildNetwork('googlenet', { flavour: 'torchvision' }));

describe('downloading a catalogue entry', () => {
  it('rewrites only the origin with a base URL and reads overrides from the environment', () => {
    const o = catalogueOptionsFromEnv({
      INCEPTION_CATALOGUE_BASE: base,
      INCEPTION_CATALOGUE_OVERRIDES: JSON.stringify({ 'torchvision-googlenet': { sha256: 'ab' } }),
    });
    const e = catalogue(o).find((x) => x.id === 'torchvision-googlenet')!;
    expect(e.url).toBe(`${base}/models/googlenet-1378be20.pth`);
    expect(e.checksum).toEqual({ algorithm: 'sha256', value: 'ab' });
  });

  it('labels the weights "pretrained" when the checksum matched, with the publisher\'s top-1', async () => {
    const cacheDir = join(root, 'a');
    const events: string[] = [];
    const o = {
      base,
      overrides: { 'torchvision-googlenet': { sha256: sha(fileBody) } },
      cacheDir,
      onProgress: (_d: number, _t: number, m: string) => events.push(m),
    };
    const r = await loadCatalogueWeights(googlenet(), 'torchvision-googlenet', o, fakeLoad);
    expect(r.info).toMatchObject({
      kind: 'pretrained',
      catalogue: 'torchvision-googlenet',
      verified: `sha256 ${sha(fileBody)}`,
      preprocessing: 'torchvision',
      source: `${base}/models/googlenet-1378be20.pth`,
    });
    expect(r.info.label).toMatch(/checksum matched/);
    expect(r.info.notes.some((n) => /not known/.test(n))).toBe(false);
    expect(r.info.notes.some((n) => n.includes('top-1 69.778 %'))).toBe(true);
    expect(events.some((m) => m.startsWith('downloading googlenet-1378be20.pth'))).toBe(true);
    expect(await entryState(findEntry('torchvision-googlenet', o), cacheDir)).toMatchObject({
      state: 'cached',
    });
    // A cache hit asks the server nothing.
    const before = served.length;
    await loadCatalogueWeights(googlenet(), 'torchvision-googlenet', o, fakeLoad);
    expect(served.length).toBe(before);
  });

  it("checks the Hugging Face hub's SHA-256 sent with the download", async () => {
    const a = analyse(buildNetwork('inception_v4', { flavour: 'released' }));
    const r = await loadCatalogueWeights(
      a,
      'timm-inception_v4.tf_in1k',
      { base, cacheDir: join(root, 'b') },
      fakeLoad,
    );
    expect(r.info).toMatchObject({
      kind: 'pretrained',
      verified: `sha256 ${sha(fileBody)}`,
      preprocessing: 'timm',
    });
  });

  it('refuses a file whose checksum does not match, and keeps nothing', async () => {
    const cacheDir = join(root, 'c');
    const o = { base, overrides: { 'torchvision-googlenet': { sha256: sha(Buffer.from('x')) } }, cacheDir };
    const e = (await loadCatalogueWeights(googlenet(), 'torchvision-googlenet', o, fakeLoad).catch(
      (x: unknown) => x,
    )) as WeightsError;
    expect(e).toBeInstanceOf(WeightsError);
    expect(e.code).toBe('checksum');
    expect(e.message).toMatch(/does not match its publisher's SHA-256/);
    expect(
      (await readdir(cacheDir, { recursive: true })).filter((f) => !f.endsWith('/') && f.includes('.')),
    ).toEqual([]);
  });

  it('refuses the wrong network before downloading anything', async () => {
    const before = served.length;
    const e = (await loadCatalogueWeights(googlenet(), 'keras-inception_v3', { base }, fakeLoad).catch(
      (x: unknown) => x,
    )) as WeightsError;
    expect(e.code).toBe('mismatch');
    expect(e.message).toMatch(
      /fits inception_v3 \(flavour 'released', 1000 classes, full width\), not googlenet/,
    );
    expect(served.length).toBe(before);
  });

  it('says what to do for an entry the app cannot read, and when offline', async () => {
    const v3 = analyse(buildNetwork('inception_v3', { flavour: 'released', classes: 1001 }));
    const slim = (await loadCatalogueWeights(v3, 'tf-slim-inception_v3', {}, fakeLoad).catch(
      (x: unknown) => x,
    )) as WeightsError;
    expect(slim.code).toBe('format');
    expect(slim.message).toMatch(/TensorFlow V1 checkpoint/);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const off = (await loadCatalogueWeights(
      googlenet(),
      'torchvision-googlenet',
      { base: `http://127.0.0.1:${port}`, cacheDir: join(root, 'd') },
      fakeLoad,
    ).catch((x: unknown) => x)) as WeightsError;
    expect(off.code).toBe('offline');
    expect(off.message).toContain(`Download http://127.0.0.1:${port}/models/googlenet-1378be20.pth`);
    expect(off.message).toContain('choose googlenet (torchvision) and Weights → File');
    expect(off.message).toContain('infer googlenet --flavour torchvision --weights googlenet-1378be20.pth');
    expect(off.params).toMatchObject({ kind: 'catalogue', network: 'googlenet', flavour: 'torchvision' });
  });

  it('names the known ids for an unknown one', () => {
    expect(() => findEntry('alexnet')).toThrow(
      /no published-weights entry "alexnet" \(known: keras-inception_v3/,
    );
  });
});
