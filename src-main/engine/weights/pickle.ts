/**
 * A restricted unpickler: reads Python pickles (protocols 2–5) into plain values, building only what a
 * PyTorch state dict needs. It never imports or calls anything: GLOBAL names are looked up in a fixed
 * allow-list of constructors (pickle-allowlist.ts: OrderedDict, torch's tensor rebuild functions,
 * torch's storage classes); any other name stops the read with a message naming it.
 *
 * Opcodes and their argument encodings: CPython's Lib/pickletools.py (the opcode table), and
 * https://peps.python.org/pep-3154/ (protocol 4: FRAME, MEMOIZE, STACK_GLOBAL, *8 opcodes),
 * https://peps.python.org/pep-0574/ (protocol 5: out-of-band buffers, refused here).
 */
import { Allowed, allowedGlobal, int, TorchTensorRef } from './pickle-allowlist.js';
import { WeightsError } from './types.js';

/** A Python tuple (kept apart from lists so a reader can tell them apart if it cares). */
export class PyTuple extends Array<unknown> {}

export interface UnpickleOptions {
  /** persistent_load: turns a persistent id (a tuple) into a value. */
  persistentLoad?: (pid: unknown) => unknown;
  /** Used in messages: "<what> needs <module.name>". */
  what?: string;
}

function refusal(what: string, name: string): WeightsError {
  return new WeightsError(
    'format',
    `${what} needs ${name}, which the app does not run (it only reads tensors and dictionaries from a pickle). Re-save it in PyTorch with torch.save(model.state_dict(), path).`,
    [],
    { kind: 'pickle_global', global: name },
  );
}

/** Unpickle `bytes` under the allow-list. Throws WeightsError('format') on anything else. */
export function unpickle(bytes: Uint8Array, o: UnpickleOptions = {}): unknown {
  const what = o.what ?? 'this file';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: false });
  let pos = 0;
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const bad = (why: string) =>
    new WeightsError('format', `${what} has a damaged pickle (${why} at byte ${pos}).`);
  /** A decimal integer written as text (INT, LONG); anything else is damage, not a SyntaxError. */
  const textInt = (s: string): bigint => {
    if (!/^[+-]?\d{1,4000}$/.test(s)) throw bad('an integer written as text is not a number');
    return BigInt(s);
  };
  const need = (n: number) => {
    if (n < 0 || pos + n > bytes.length) throw bad('it ends early');
  };
  const u8 = () => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = () => {
    need(4);
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(bytes.length)) throw bad('a length runs past the end');
    return Number(v);
  };
  const take = (n: number) => {
    need(n);
    const b = bytes.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) throw bad('a text argument has no end of line');
    const s = text.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => {
    if (!stack.length) throw bad('the stack is empty');
    return stack.pop();
  };
  const top = () => {
    if (!stack.length) throw bad('the stack is empty');
    return stack[stack.length - 1];
  };
  // A helper, not stack.push(popMark()): JS reads `stack` before popMark() replaces it.
  const push = (v: unknown) => stack.push(v);
  const popMark = () => {
    const items = stack;
    const prev = marks.pop();
    if (!prev) throw bad('there is no mark');
    stack = prev;
    return items;
  };
  /** Little-endian two's-complement integer of n bytes (LONG1 / LONG4). */
  const long = (n: number): number | bigint => {
    const b = take(n);
    if (n === 0) return 0;
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const global = (module: string, name: string): unknown => {
    const g = allowedGlobal(module, name);
    if (!g) throw refusal(what, `${module}.${name}`);
    return g;
  };
  const setItems = (d: unknown, items: unknown[]) => {
    if (!(d instanceof Map)) throw bad('SETITEMS on something that is not a dict');
    for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i], items[i + 1]);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw bad('the pickle protocol is newer than 5');
        break;
      case 0x95: // FRAME: an 8-byte length, framing only
        u64();
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) throw bad('the stack does not hold one value at STOP');
        return stack[0];
      case 0x28: // MARK
        marks.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(long(u8()));
        break;
      case 0x8b: {
        // LONG4
        const n = i32();
        if (n < 0) throw bad('negative LONG4 length');
        stack.push(long(n));
        break;
      }
      case 0x49: {
        // INT (text): also carries True/False as 01/00 in protocol 0–1
        const s = line().trim();
        stack.push(s === '01' ? true : s === '00' ? false : int(textInt(s)));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(int(textInt(line().trim().replace(/L$/, ''))));
        break;
      case 0x47: // BINFLOAT: big-endian double
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x46: // FLOAT (text)
        stack.push(Number(line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(text.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text.decode(take(u64())));
        break;
      case 0x54: // BINSTRING (Python 2 str)
        stack.push(new TextDecoder('latin1').decode(take(i32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(new TextDecoder('latin1').decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()));
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        push(popMark());
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        const l = top();
        if (!Array.isArray(l)) throw bad('APPEND to something that is not a list');
        l.push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const l = top();
        if (!Array.isArray(l)) throw bad('APPENDS to something that is not a list');
        l.push(...items);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push(new PyTuple());
        break;
      case 0x74: // TUPLE
        push(PyTuple.from(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(PyTuple.of(pop()));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(PyTuple.of(pop(), b));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(PyTuple.of(pop(), b, c));
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const d = new Map();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS: key/value pairs since the mark go into the dict below the mark
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) throw bad('ADDITEMS to something that is not a set');
        for (const i of items) s.add(i);
        break;
      }
      case 0x91: // FROZENSET
        push(new Set(popMark()));
        break;
      case 0x63: {
        // GLOBAL: "module\nname\n"
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw bad('STACK_GLOBAL without names');
        stack.push(global(module, name));
        break;
      }
      case 0x52: {
        // REDUCE: callable(*args)
        const args = pop();
        const f = pop();
        if (!(f instanceof Allowed)) throw bad('REDUCE of something that is not an allowed constructor');
        if (!Array.isArray(args)) throw bad('REDUCE without an argument tuple');
        stack.push(f.call(args));
        break;
      }
      case 0x62: {
        // BUILD: obj.__setstate__(state). Only dicts (OrderedDict's _metadata attribute) and tensors
        // (their Python attributes) get a state here, and it carries no weights: drop it.
        const state = pop();
        const obj = top();
        if (!(obj instanceof Map) && !(obj instanceof TorchTensorRef))
          throw bad('BUILD of something that is not a dict or tensor');
        void state;
        break;
      }
      case 0x81: // NEWOBJ: cls.__new__(cls, *args)
      case 0x92: {
        // NEWOBJ_EX
        if (op === 0x92) pop();
        pop();
        const cls = pop();
        if (!(cls instanceof Allowed)) throw bad('NEWOBJ of something that is not a class');
        if (!cls.inert) throw refusal(what, `${cls.qualname}.__new__`);
        // A plain attribute holder: its BUILD state (the attributes) carries no weights.
        push(new Map());
        break;
      }
      case 0x69: {
        // INST: "module\nname\n", then args from the mark: an object the allow-list cannot hold
        const module = line();
        throw refusal(what, `${module}.${line()}`);
      }
      case 0x6f: // OBJ
        throw refusal(what, 'an object built by OBJ');
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: // EXT4
        throw refusal(what, 'a copyreg extension');
      case 0x97: // NEXT_BUFFER
      case 0x98: // READONLY_BUFFER
        throw new WeightsError(
          'format',
          `${what} uses pickle protocol 5 out-of-band buffers, which torch.save does not write. Re-save it with torch.save(model.state_dict(), path).`,
        );
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!o.persistentLoad) throw bad('a persistent id with no loader');
        stack.push(o.persistentLoad(pid));
        break;
      }
      case 0x50: // PERSID (text)
        if (!o.persistentLoad) throw bad('a persistent id with no loader');
        stack.push(o.persistentLoad(line()));
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT (text)
        memo.set(Number(line()), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: {
        // GET (text)
        const k = op === 0x68 ? u8() : op === 0x6a ? u32() : Number(line());
        if (!memo.has(k)) throw bad(`memo ${k} was never stored`);
        stack.push(memo.get(k));
        break;
      }
      default:
        pos -= 1;
        throw bad(`unknown opcode 0x${op.toString(16)}`);
    }
  }
}
