/**
 * safetensors header validation against the reference reader: a file written by safetensors'
 * own save_file, then damaged in the ways a fuzzer found (issue 12 item 6). For each case the
 * reference library (safetensors.safe_open) is asked too, and the app must refuse what it refuses;
 * duplicate names, which the reference's JSON map silently collapses, the app refuses as well.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicateKey, readSafetensors } from '../../../src-main/engine/weights/safetensors.js';
import { WeightsError } from '../../../src-main/engine/weights/types.js';
import { refPython, runPython } from '../../support/python.js';

const dir = mkdtempSync(join(tmpdir(), 'safetensors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Writes base.safetensors with the real writer, then one damaged copy per case; prints, per case,
// whether the reference reader accepts it.
const MAKE = String.raw`
import json, struct, sys, os
import numpy as np
from safetensors.numpy import save_file
from safetensors import safe_open
out = sys.argv[1]
g = np.random.default_rng(1)
save_file({'a.weight': g.random((2, 3), dtype=np.float32), 'b.bias': g.random(4).astype(np.float16),
           'c.count': np.array([7], dtype=np.int64)}, os.path.join(out, 'base.safetensors'))
raw = open(os.path.join(out, 'base.safetensors'), 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header, data = json.loads(raw[8:8 + n]), raw[8 + n:]
order = sorted((k for k in header if k != '__metadata__'), key=lambda k: header[k]['data_offsets'][0])

def write(name, h, d, text=None):
    t = (text if text is not None else json.dumps(h)).encode()
    t += b' ' * ((8 - len(t) % 8) % 8)
    open(os.path.join(out, name + '.safetensors'), 'wb').write(struct.pack('<Q', len(t)) + t + d)

def edit(name, fn, d=data):
    h = json.loads(json.dumps(header)); fn(h); write(name, h, d)

first, second = order[0], order[1]
edit('overlap', lambda h: h[second].update(data_offsets=[h[second]['data_offsets'][0] - 4, h[second]['data_offsets'][1] - 4]))
def gap(h):
    for k in order[1:]: h[k]['data_offsets'] = [v + 4 for v in h[k]['data_offsets']]
cut = header[first]['data_offsets'][1]
edit('gap', gap, data[:cut] + b'\0' * 4 + data[cut:])
def shifted(h):
    for k in order: h[k]['data_offsets'] = [v + 8 for v in h[k]['data_offsets']]
edit('not-at-zero', shifted, b'\0' * 8 + data)
edit('negative', lambda h: h[first].update(data_offsets=[-8, h[first]['data_offsets'][1] - 8]))
edit('strings', lambda h: h[first].update(data_offsets=[str(v) for v in h[first]['data_offsets']]))
edit('fraction', lambda h: h[first].update(data_offsets=[0.5, h[first]['data_offsets'][1]]))
edit('wrong-size', lambda h: h['a.weight'].update(shape=[3, 3]))
edit('bad-dtype', lambda h: h['a.weight'].update(dtype='F99'))
edit('trailing', lambda h: None, data + b'\0' * 8)
edit('truncated', lambda h: None, data[:-4])
text = json.dumps(header)
write('duplicate', None, data, text[:-1] + ', "a.weight": ' + json.dumps(header['a.weight']) + '}')
for name in sorted(f[:-12] for f in os.listdir(out) if f.endswith('.safetensors')):
    try:
        with safe_open(os.path.join(out, name + '.safetensors'), 'np') as f:
            for k in f.keys(): f.get_tensor(k)
        print(name, 'accepted')
    except Exception:
        print(name, 'refused')
`;

let reference = new Map<string, string>();
beforeAll(() => {
  const out = runPython(refPython(), MAKE, [dir]);
  reference = new Map(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string]),
  );
}, 600_000);

const read = (name: string) =>
  readSafetensors(readFileSync(join(dir, `${name}.safetensors`)), `${name}.safetensors`);

function refusal(name: string): WeightsError {
  try {
    read(name);
  } catch (e) {
    expect(e).toBeInstanceOf(WeightsError);
    return e as WeightsError;
  }
  throw new Error(`${name} was read but should have been refused`);
}

describe('safetensors validation (the reference reader’s rules)', () => {
  it('reads the real writer’s file: float tensors as float32, integer buffers apart', () => {
    expect(reference.get('base')).toBe('accepted');
    const c = read('base');
    expect(c.tensors.get('a.weight')!.shape).toEqual([2, 3]);
    expect(c.tensors.get('b.bias')!.data.length).toBe(4);
    expect(c.other.get('c.count')).toEqual({ dtype: 'I64', shape: [1] });
  });

  it.each([
    ['overlap', /'b\.bias' overlaps the tensor before it|overlaps the tensor before it/],
    ['gap', /leaves a gap of 4 bytes before it/],
    ['not-at-zero', /leaves a gap of 8 bytes before it \(it starts at byte 8, the previous one ends at 0\)/],
    ['negative', /malformed data_offsets .*two non-negative integers/],
    ['strings', /malformed data_offsets/],
    ['fraction', /malformed data_offsets/],
    ['wrong-size', /'a\.weight' F32\[3, 3\] should take 36 bytes, its offsets give 24/],
    ['bad-dtype', /dtype F99, which the app does not read/],
    ['trailing', /8 bytes follow the last tensor's data/],
  ])('%s: refused, as the reference reader refuses it', (name, message) => {
    expect(reference.get(name)).toBe('refused');
    const e = refusal(name);
    expect(e.code).toBe('format');
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(
      new RegExp(`^${name}\\.safetensors is not a valid safetensors file: .*Save or download it again\\.$`),
    );
  });

  it('truncated data says truncated', () => {
    expect(reference.get('truncated')).toBe('refused');
    const e = refusal('truncated');
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(
      /is truncated: its header describes \d+ bytes of tensor data but only \d+ are present/,
    );
  });

  it('a name given twice is refused (the reference keeps one of them silently)', () => {
    expect(refusal('duplicate').message).toMatch(/the name 'a\.weight' appears twice in its header/);
    expect(duplicateKey('{"a": {"x": 1, "y": [1, {"x": 2}]}, "b\\"": 1, "b\\u0022": 2}')).toBe('b"');
    expect(duplicateKey('{"a": {"x": 1}, "b": {"x": 1}}')).toBeNull();
  });
});
