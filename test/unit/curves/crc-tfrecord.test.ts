import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc, maskedCrc32c } from '../../../src-main/engine/curves/crc32c.js';
import { readRecords } from '../../../src-main/engine/curves/tfrecord.js';
import { frame } from './tfevents-writer.js';

describe('CRC-32C', () => {
  // RFC 3720 (iSCSI) appendix B.4 test vectors, and the common "123456789" check value.
  it('matches the RFC 3720 vectors', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });
  it('masks as TFRecord does: rotate right 15, add 0xa282ead8', () => {
    // 0xe3069283 ror 15 = 0x2507c60d; + 0xa282ead8 = 0xc78ab0e5 (mod 2^32), by hand.
    expect(maskCrc(0xe3069283)).toBe(0xc78ab0e5);
    expect(maskedCrc32c(new TextEncoder().encode('123456789'))).toBe(0xc78ab0e5);
  });
});

describe('TFRecord framing', () => {
  const a = new Uint8Array([1, 2, 3]);
  const b = new TextEncoder().encode('hello records');
  const both = new Uint8Array([...frame(a), ...frame(b)]);

  it('reads back each record', () => {
    const r = readRecords(both);
    expect(r.records.map((x) => [...x])).toEqual([[1, 2, 3], [...b]]);
    expect(r.truncatedBytes).toBe(0);
    expect(r.badDataCrc).toBe(0);
  });
  it('keeps the complete records of a file cut mid-write', () => {
    const cut = both.subarray(0, both.length - 5);
    const r = readRecords(cut);
    expect(r.records.length).toBe(1);
    // The 3-byte record frames to 12 + 3 + 4 = 19 bytes; the rest (29 − 5 = 24 bytes) is the torn tail.
    expect(r.truncatedBytes).toBe(both.length - 5 - 19);
  });
  it('skips a record whose data CRC fails, and stops where a header CRC fails', () => {
    const bad = both.slice();
    bad[12] ^= 0xff; // first record's data
    expect(readRecords(bad)).toMatchObject({ badDataCrc: 1, records: [b] });
    const badHead = both.slice();
    badHead[8] ^= 0x01; // first header's CRC
    expect(readRecords(badHead)).toMatchObject({ records: [], corruptAt: 0 });
  });
});
