import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WeightsError } from '../../../src-main/engine/weights/types.js';
import { isZip, readZipEntry, readZipIndex } from '../../../src-main/engine/weights/zip.js';
import { debianPython, runPython } from '../../support/python.js';

// Archives written by Python's zipfile (stored, deflated, and ZIP64 forced) and by torch.save.
const dir = mkdtempSync(join(tmpdir(), 'zip-'));
beforeAll(() => {
  runPython(
    debianPython(),
    `
import sys, zipfile, torch
d = sys.argv[1]
with zipfile.ZipFile(d + '/mixed.zip', 'w') as z:
    z.writestr(zipfile.ZipInfo('stored.txt'), b'hello stored', compress_type=zipfile.ZIP_STORED)
    z.writestr('deflated.bin', bytes(range(256)) * 40, compress_type=zipfile.ZIP_DEFLATED)
with zipfile.ZipFile(d + '/z64.zip', 'w', allowZip64=True) as z:
    with z.open('big.bin', 'w', force_zip64=True) as f:
        f.write(b'x' * 1000)
torch.save({'w': torch.arange(6, dtype=torch.float32)}, d + '/t.pt')
`,
    [dir],
  );
});

describe('zip reader on archives real writers made', () => {
  it('reads stored and deflated entries', () => {
    const buf = readFileSync(join(dir, 'mixed.zip'));
    expect(isZip(buf)).toBe(true);
    const idx = readZipIndex(buf);
    expect(readZipEntry(buf, idx.get('stored.txt')!, 1 << 20).toString()).toBe('hello stored');
    const d = readZipEntry(buf, idx.get('deflated.bin')!, 1 << 20);
    expect(d.length).toBe(10240);
    expect(d[257]).toBe(1);
  });
  it('reads ZIP64 entries', () => {
    const buf = readFileSync(join(dir, 'z64.zip'));
    const e = readZipIndex(buf).get('big.bin')!;
    expect(readZipEntry(buf, e, 1 << 20).toString()).toBe('x'.repeat(1000));
  });
  it("lists torch.save's archive/data.pkl", () => {
    const names = [...readZipIndex(readFileSync(join(dir, 't.pt'))).keys()];
    expect(names.some((n) => n.endsWith('/data.pkl'))).toBe(true);
  });
  it('refuses truncated archives and oversized entries with a WeightsError', () => {
    const buf = readFileSync(join(dir, 'mixed.zip'));
    expect(() => readZipIndex(buf.subarray(0, buf.length - 30))).toThrow(WeightsError);
    const idx = readZipIndex(buf);
    expect(() => readZipEntry(buf, idx.get('deflated.bin')!, 100)).toThrow(/larger than expected/);
    const cut = Buffer.from(buf);
    cut.writeUInt32LE(0, idx.get('deflated.bin')!.headerOffset);
    expect(() => readZipEntry(cut, idx.get('deflated.bin')!, 1 << 20)).toThrow(/damaged/);
  });
});
