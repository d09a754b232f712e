import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, transferables } from '../../../src-main/shared/protocol/wire.js';

describe('WebSocket framing', () => {
  it('sends a message without binary data as plain JSON text', () => {
    const frame = encodeFrame({ t: 'res', id: 3, result: { a: [1, 2], b: 'x' } });
    expect(frame).toBe('{"t":"res","id":3,"result":{"a":[1,2],"b":"x"}}');
    expect(decodeFrame(frame as string)).toEqual({ t: 'res', id: 3, result: { a: [1, 2], b: 'x' } });
  });

  it('lays out a binary frame as length, JSON header, then 8-byte aligned segments', () => {
    const data = new Uint8Array([1, 2, 3]).buffer;
    const frame = encodeFrame({ id: 1, data }) as Uint8Array;
    const header = '{"m":{"id":1,"data":{"$bin":0}},"b":[3]}';
    // 4 length bytes + 40 header bytes = 44, padded to 48; then 3 data bytes.
    expect(header.length).toBe(40);
    expect(frame.byteLength).toBe(48 + 3);
    expect(new DataView(frame.buffer).getUint32(0, true)).toBe(40);
    expect(new TextDecoder().decode(frame.subarray(4, 44))).toBe(header);
    expect([...frame.subarray(44, 48)]).toEqual([0, 0, 0, 0]);
    expect([...frame.subarray(48)]).toEqual([1, 2, 3]);
  });

  it('round-trips ArrayBuffers and typed arrays anywhere in a message, byte for byte', () => {
    const f = new Float32Array([1.5, -2.25, 3e-8, Number.NaN]);
    const i = new Int32Array([-1, 0, 2147483647]);
    const raw = new Uint8Array([255, 0, 7]).buffer;
    const msg = { t: 'evt', id: 9, event: { kind: 'tensor', list: [{ f }, raw], nested: { i } } };
    const out = decodeFrame(encodeFrame(msg) as Uint8Array) as {
      event: { list: [{ f: Float32Array }, ArrayBuffer]; nested: { i: Int32Array } };
    };
    expect(out.event.list[0].f).toBeInstanceOf(Float32Array);
    expect([...new Uint8Array(out.event.list[0].f.buffer)]).toEqual([...new Uint8Array(f.buffer)]);
    expect(out.event.nested.i).toBeInstanceOf(Int32Array);
    expect([...out.event.nested.i]).toEqual([-1, 0, 2147483647]);
    expect(out.event.list[1]).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(out.event.list[1] as ArrayBuffer)]).toEqual([255, 0, 7]);
  });

  it('encodes only the bytes of a view into a larger buffer', () => {
    const big = new Uint8Array([9, 9, 1, 2, 9]);
    const out = decodeFrame(encodeFrame({ v: big.subarray(2, 4) }) as Uint8Array) as { v: Uint8Array };
    expect([...out.v]).toEqual([1, 2]);
    expect(out.v.buffer.byteLength).toBe(2);
  });

  it('decodes from an ArrayBuffer (browser) and from a Node Buffer at an offset (ws)', () => {
    const frame = encodeFrame({ d: new Float64Array([Math.PI]) }) as Uint8Array;
    expect((decodeFrame(frame.slice().buffer) as { d: Float64Array }).d[0]).toBe(Math.PI);
    const pooled = Buffer.alloc(frame.byteLength + 5);
    pooled.set(frame, 5);
    expect((decodeFrame(pooled.subarray(5)) as { d: Float64Array }).d[0]).toBe(Math.PI);
  });

  it('rejects truncated and malformed frames', () => {
    const frame = encodeFrame({ d: new Uint8Array(16).buffer }) as Uint8Array;
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 1))).toThrow(/out of range/);
    expect(() => decodeFrame(new Uint8Array([1, 0]))).toThrow(/too short/);
    const lying = frame.slice();
    new DataView(lying.buffer).setUint32(0, 10_000, true);
    expect(() => decodeFrame(lying)).toThrow(/overruns/);
  });

  it('refuses to encode a user object that looks like a placeholder', () => {
    expect(() => encodeFrame({ x: { $bin: 0 }, y: new Uint8Array(1) })).toThrow(/\$bin/);
  });

  it('lists whole buffers as transferables, once each, skipping views into larger buffers', () => {
    const a = new ArrayBuffer(8);
    const f = new Float32Array(4);
    const part = new Uint8Array(new ArrayBuffer(10), 2, 4);
    expect(transferables({ a, again: a, f, part, n: 1 })).toEqual([a, f.buffer]);
  });
});
