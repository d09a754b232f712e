/**
 * TFRecord framing: each record is
 *   u64 LE length · u32 LE masked CRC-32C of those 8 bytes · data · u32 LE masked CRC-32C of data.
 * Event files being written while a job runs often end in a partial record; that tail is reported,
 * not thrown, so the complete records before it still import.
 */
import { maskedCrc32c } from './crc32c.js';

export interface RecordScan {
  records: Uint8Array[];
  /** Bytes after the last complete record (a file cut mid-write). */
  truncatedBytes: number;
  /** Records whose data CRC did not match (skipped). */
  badDataCrc: number;
  /** Set when a length CRC failed: the framing is lost from that offset on. */
  corruptAt?: number;
}

export function readRecords(buf: Uint8Array): RecordScan {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const records: Uint8Array[] = [];
  let badDataCrc = 0;
  let at = 0;
  while (at < buf.length) {
    if (buf.length - at < 12) return { records, truncatedBytes: buf.length - at, badDataCrc };
    const lo = view.getUint32(at, true);
    const hi = view.getUint32(at + 4, true);
    if (view.getUint32(at + 8, true) !== maskedCrc32c(buf, at, at + 8))
      return { records, truncatedBytes: 0, badDataCrc, corruptAt: at };
    const len = hi * 2 ** 32 + lo;
    const start = at + 12;
    if (len > buf.length - start - 4) return { records, truncatedBytes: buf.length - at, badDataCrc };
    const end = start + len;
    if (view.getUint32(end, true) === maskedCrc32c(buf, start, end)) records.push(buf.subarray(start, end));
    else badDataCrc++;
    at = end + 4;
  }
  return { records, truncatedBytes: 0, badDataCrc };
}
