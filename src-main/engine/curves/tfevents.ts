/**
 * TensorBoard scalar event files (events.out.tfevents.*): TFRecord-framed `tensorflow.Event` protos.
 * Scalars arrive two ways: `Summary.Value.simple_value` (TF1, PyTorch, Keras 2) and a one-element
 * `tensor` under the 'scalars' plugin (TF2 `tf.summary.scalar`). Field numbers follow
 * tensorflow/core/util/event.proto, core/framework/summary.proto and tensor.proto; the schema holds
 * only what scalars need, and protobufjs skips every other field (graphs, images, histograms).
 */
import protobuf from 'protobufjs';
import { readRecords } from './tfrecord.js';
import { CurveImportError } from './types.js';

const schema = {
  nested: {
    Event: {
      fields: {
        wallTime: { type: 'double', id: 1 },
        step: { type: 'int64', id: 2 },
        fileVersion: { type: 'string', id: 3 },
        summary: { type: 'Summary', id: 5 },
        sessionLog: { type: 'SessionLog', id: 7 },
      },
    },
    SessionLog: { fields: { status: { type: 'int32', id: 1 }, msg: { type: 'string', id: 3 } } },
    Summary: { fields: { value: { rule: 'repeated', type: 'Value', id: 1 } } },
    Value: {
      fields: {
        tag: { type: 'string', id: 1 },
        simpleValue: { type: 'float', id: 2 },
        tensor: { type: 'Tensor', id: 8 },
        metadata: { type: 'Metadata', id: 9 },
      },
    },
    Metadata: {
      fields: { pluginData: { type: 'PluginData', id: 1 }, dataClass: { type: 'int32', id: 4 } },
    },
    PluginData: { fields: { pluginName: { type: 'string', id: 1 } } },
    Tensor: {
      fields: {
        dtype: { type: 'int32', id: 1 },
        tensorContent: { type: 'bytes', id: 4 },
        floatVal: { rule: 'repeated', type: 'float', id: 5 },
        doubleVal: { rule: 'repeated', type: 'double', id: 6 },
        intVal: { rule: 'repeated', type: 'int32', id: 7 },
        int64Val: { rule: 'repeated', type: 'int64', id: 10 },
      },
    },
  },
};

const EventType = protobuf.Root.fromJSON(schema).lookupType('Event');

interface TensorMsg {
  dtype?: number;
  tensorContent?: Uint8Array;
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: number[];
}
interface ValueMsg {
  tag?: string;
  simpleValue?: number;
  tensor?: TensorMsg;
  metadata?: { pluginData?: { pluginName?: string }; dataClass?: number };
}
interface EventMsg {
  wallTime?: number;
  step?: number;
  fileVersion?: string;
  summary?: { value?: ValueMsg[] };
  sessionLog?: { status?: number };
}

// tensorflow DataType values.
const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, INT64: 9 } as const;
const DATA_CLASS_SCALAR = 1;
const SESSION_START = 1;

/** The single number a scalar tensor holds, or null when it is not one. */
function tensorScalar(t: TensorMsg): number | null {
  const c = t.tensorContent;
  if (c && c.length > 0) {
    const v = new DataView(c.buffer, c.byteOffset, c.byteLength);
    if (t.dtype === DT.FLOAT && c.length === 4) return v.getFloat32(0, true);
    if (t.dtype === DT.DOUBLE && c.length === 8) return v.getFloat64(0, true);
    if (t.dtype === DT.INT32 && c.length === 4) return v.getInt32(0, true);
    if (t.dtype === DT.INT64 && c.length === 8) return Number(v.getBigInt64(0, true));
    return null;
  }
  for (const list of [t.floatVal, t.doubleVal, t.intVal, t.int64Val])
    if (list?.length === 1) return Number(list[0]);
  return null;
}

export interface RawPoint {
  step: number;
  value: number;
  /** ms since 1970, NaN when unknown. */
  time: number;
}

export interface TfEventsResult {
  tags: Map<string, RawPoint[]>;
  notes: string[];
}

export function parseTfEvents(buf: Uint8Array): TfEventsResult {
  const scan = readRecords(buf);
  if (scan.records.length === 0)
    throw new CurveImportError(
      scan.corruptAt !== undefined
        ? 'This is not a TensorBoard event file: its first record header fails the TFRecord CRC check.'
        : 'This file holds no complete TFRecord: it is empty or not a TensorBoard event file.',
    );
  const tags = new Map<string, RawPoint[]>();
  const otherTags = new Set<string>();
  let events = 0;
  let undecodable = 0;
  let purged = 0;
  let sawVersion = false;
  for (const rec of scan.records) {
    let e: EventMsg;
    try {
      e = EventType.toObject(EventType.decode(rec), { longs: Number, defaults: false }) as EventMsg;
    } catch {
      undecodable++;
      continue;
    }
    events++;
    if (e.fileVersion?.startsWith('brain.Event')) sawVersion = true;
    const step = e.step ?? 0;
    const time = e.wallTime !== undefined ? e.wallTime * 1000 : NaN;
    // A restart from a checkpoint re-logs steps; TensorBoard drops the orphaned points after it.
    if (e.sessionLog?.status === SESSION_START) {
      for (const pts of tags.values()) {
        const keep = pts.filter((p) => p.step < step);
        purged += pts.length - keep.length;
        pts.splice(0, pts.length, ...keep);
      }
    }
    for (const v of e.summary?.value ?? []) {
      if (!v.tag) continue;
      const plugin = v.metadata?.pluginData?.pluginName;
      // TF2 writes the plugin metadata with a tag's first event only: remember what each tag is.
      const scalar = plugin === 'scalars' || v.metadata?.dataClass === DATA_CLASS_SCALAR;
      if (plugin && !scalar) otherTags.add(v.tag);
      let value: number | null = null;
      if (v.simpleValue !== undefined) value = v.simpleValue;
      else if (v.tensor && !otherTags.has(v.tag)) value = tensorScalar(v.tensor);
      if (value === null) continue;
      let pts = tags.get(v.tag);
      if (!pts) tags.set(v.tag, (pts = []));
      pts.push({ step, value, time });
    }
  }
  if (!sawVersion && events === 0)
    throw new CurveImportError(
      'No record in this file decodes as a TensorBoard Event: it is not an event file.',
    );
  const notes: string[] = [`${events} events, ${tags.size} scalar tag(s).`];
  if (scan.truncatedBytes)
    notes.push(
      `The file ends in a partial record (${scan.truncatedBytes} bytes, a file still being written); it was left out.`,
    );
  if (scan.corruptAt !== undefined)
    notes.push(`The framing is corrupt from byte ${scan.corruptAt}; records after it were not read.`);
  if (scan.badDataCrc) notes.push(`${scan.badDataCrc} record(s) failed their CRC check and were skipped.`);
  if (undecodable) notes.push(`${undecodable} record(s) did not decode as an Event and were skipped.`);
  if (purged) notes.push(`${purged} point(s) logged before a restart were superseded (as TensorBoard does).`);
  if (tags.size === 0)
    throw new CurveImportError(`This event file has ${events} events but no scalar summaries to draw.`);
  return { tags, notes };
}
