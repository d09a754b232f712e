/**
 * The ONNX protobuf schema (the subset this app writes and reads) and its encoder/decoder.
 *
 * Library choice: protobufjs 8 with the schema declared here as a JSON descriptor. The npm package
 * `onnx-proto` would give the whole generated schema, but it was last published in 2021 and pins
 * protobufjs 6; protobufjs itself is actively maintained, and the few messages a CNN export needs
 * are easy to declare. Field numbers follow onnx/onnx.proto (IR version 8); unknown fields in files
 * written by other tools are skipped by protobufjs on decode, so reading foreign models is safe.
 */
import protobuf from 'protobufjs';

/** IR version 8 pairs with opset 17 (onnx 1.12+), well inside what onnxruntime 1.30 reads. */
export const IR_VERSION = 8;
export const OPSET = 17;

export const DataType = { FLOAT: 1, INT64: 7, BOOL: 9 } as const;
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

const schema = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            docString: { type: 'string', id: 13 },
            type: { type: 'int32', id: 20 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            docString: { type: 'string', id: 6 },
            domain: { type: 'string', id: 7 },
          },
        },
        StringStringEntryProto: {
          fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            valueInfo: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4, options: { packed: true } },
            int64Data: { rule: 'repeated', type: 'int64', id: 7, options: { packed: true } },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            docString: { type: 'string', id: 12 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: {
                dimValue: { type: 'int64', id: 1 },
                dimParam: { type: 'string', id: 2 },
                denotation: { type: 'string', id: 3 },
              },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType'] } },
          fields: { tensorType: { type: 'Tensor', id: 1 }, denotation: { type: 'string', id: 6 } },
          nested: {
            Tensor: {
              fields: {
                elemType: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(schema);
const ModelType = root.lookupType('onnx.ModelProto');

// Plain-object views of the messages (camelCase, as protobufjs names them).
export interface Attribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
}
export interface Node {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute?: Attribute[];
  docString?: string;
}
export interface Tensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  docString?: string;
}
export interface Dim {
  dimValue?: number;
  dimParam?: string;
}
export interface ValueInfo {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: Dim[] } } };
  docString?: string;
}
export interface Graph {
  name: string;
  node: Node[];
  initializer: Tensor[];
  input: ValueInfo[];
  output: ValueInfo[];
  valueInfo?: ValueInfo[];
  docString?: string;
}
export interface Model {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: Graph;
  opsetImport: { domain: string; version: number }[];
  metadataProps?: { key: string; value: string }[];
}

export function encodeModel(model: Model): Uint8Array {
  const err = ModelType.verify(model);
  if (err) throw new Error(`ONNX model does not fit the schema: ${err}`);
  const buf = ModelType.encode(ModelType.fromObject(model)).finish();
  // A plain Uint8Array view: Node's Buffer#slice shares memory, a surprise for callers that copy.
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Decode a model file; throws with a readable message when the bytes are not an ONNX protobuf. */
export function decodeModel(bytes: Uint8Array): Model {
  let msg: protobuf.Message;
  try {
    msg = ModelType.decode(bytes);
  } catch (e) {
    throw new Error(`cannot decode the protobuf (${(e as Error).message})`, { cause: e });
  }
  return ModelType.toObject(msg, {
    longs: Number,
    bytes: Uint8Array,
    defaults: false,
    arrays: true,
  }) as Model;
}

// Attribute and tensor helpers.
export const attrInt = (name: string, i: number): Attribute => ({ name, type: AttrType.INT, i });
export const attrInts = (name: string, ints: number[]): Attribute => ({ name, type: AttrType.INTS, ints });
export const attrFloat = (name: string, f: number): Attribute => ({ name, type: AttrType.FLOAT, f });

/** A float tensor initializer; raw_data is little-endian, which every platform Node runs on is. */
export function floatTensor(name: string, dims: number[], data: Float32Array): Tensor {
  const n = dims.reduce((a, b) => a * b, 1);
  if (n !== data.length)
    throw new Error(`tensor ${name}: ${data.length} values for shape [${dims.join(', ')}]`);
  return {
    name,
    dims,
    dataType: DataType.FLOAT,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

export function int64Tensor(name: string, values: number[]): Tensor {
  const raw = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(raw.buffer) };
}

/** Graph input/output description: float tensor, with 'N' as the symbolic batch dimension. */
export function valueInfo(name: string, shape: (number | string)[], docString?: string): ValueInfo {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  const v: ValueInfo = { name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim } } } };
  if (docString) v.docString = docString;
  return v;
}
