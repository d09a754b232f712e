/**
 * inception_io.py, written into every exported project: the files the app and the script exchange.
 *  - safetensors (https://github.com/huggingface/safetensors#format): 8-byte little-endian header length,
 *    a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}}, then the raw bytes. Written
 *    here without the safetensors package, which clusters often lack.
 *  - the app's weight names: '<node id>/kernel|bias|gamma|beta|movingMean|movingVariance' in TensorFlow
 *    layout (conv HWIO, dense [in, out]), what the app's safetensors reader takes (engine/weights/load.ts).
 *  - TensorBoard event files: TFRecord framing (length, masked CRC-32C of it, data, masked CRC-32C) around
 *    tensorflow.Event protos with Summary.Value.simple_value (tensorflow/core/util/event.proto,
 *    core/framework/summary.proto), without the tensorboard package.
 *  - the app's dataset files (raw uint8 HWC images + int32 labels) and ImageFolder.
 */
export const IO_PY = String.raw`"""Files Inception Explorer and this project exchange: weights, logs, data. Written by the app; see README."""
import json
import os
import socket
import struct
import time

import torch

# ---------------------------------------------------------------- safetensors
_DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32}


def save_safetensors(path, tensors, metadata=None):
    """tensors: name -> float tensor. Written as F32, atomically (a killed job leaves the old file)."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        b = t.detach().to("cpu", torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def load_safetensors(path):
    """-> (name -> float32 tensor, metadata dict)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {}) or {}
    out = {}
    for name, e in header.items():
        a, b = e["data_offsets"]
        raw = bytearray(data[8 + n + a : 8 + n + b])
        t = torch.frombuffer(raw, dtype=_DTYPES[e["dtype"]]) if raw else torch.zeros(0, dtype=_DTYPES[e["dtype"]])
        out[name] = t.reshape(e["shape"]).to(torch.float32)
    return out, meta


# ---------------------------------------------------------------- the app's names
def app_state(model, param_layers, network):
    """The model's weights by the app's names, TensorFlow layout. Aux heads are included when built."""
    layers = model.layers
    out = {}
    for node_id, key, op, bias, bn_scale, _head in param_layers:
        if key not in layers:
            continue
        m = layers[key]
        lin = m.conv if op == "conv" else m.fc
        w = lin.weight.detach()
        out[node_id + "/kernel"] = w.permute(2, 3, 1, 0) if op == "conv" else w.t()
        if bias:
            out[node_id + "/bias"] = lin.bias.detach()
        if bn_scale is not None:
            bn = m.bn
            if bn_scale:
                out[node_id + "/gamma"] = bn.weight.detach()
            out[node_id + "/beta"] = bn.bias.detach()
            out[node_id + "/movingMean"] = bn.running_mean.detach()
            out[node_id + "/movingVariance"] = bn.running_var.detach()
    return out


def load_app_state(model, param_layers, tensors):
    """Copy app-named tensors into the model; every tensor of every built layer must be there."""
    layers = model.layers
    missing = []

    def take(name, shape):
        t = tensors.get(name)
        if t is None:
            missing.append(name)
            return None
        if tuple(t.shape) != tuple(shape):
            raise ValueError("%s: expected %s, the file has %s" % (name, list(shape), list(t.shape)))
        return t

    with torch.no_grad():
        for node_id, key, op, bias, bn_scale, _head in param_layers:
            if key not in layers:
                continue
            m = layers[key]
            lin = m.conv if op == "conv" else m.fc
            w = lin.weight
            tf_shape = (w.shape[2], w.shape[3], w.shape[1], w.shape[0]) if op == "conv" else (w.shape[1], w.shape[0])
            k = take(node_id + "/kernel", tf_shape)
            if k is not None:
                w.copy_(k.permute(3, 2, 0, 1) if op == "conv" else k.t())
            if bias:
                b = take(node_id + "/bias", lin.bias.shape)
                if b is not None:
                    lin.bias.copy_(b)
            if bn_scale is not None:
                bn = m.bn
                if bn_scale:
                    g = take(node_id + "/gamma", bn.weight.shape)
                    if g is not None:
                        bn.weight.copy_(g)
                else:
                    bn.weight.fill_(1.0)
                for attr, kind in (("bias", "beta"), ("running_mean", "movingMean"), ("running_var", "movingVariance")):
                    t = take(node_id + "/" + kind, getattr(bn, attr).shape)
                    if t is not None:
                        getattr(bn, attr).copy_(t)
    if missing:
        more = " and %d more" % (len(missing) - 5) if len(missing) > 5 else ""
        raise ValueError("the weights file lacks %s%s" % (", ".join(missing[:5]), more))


def weights_metadata(network, **extra):
    """What the app reads to recognise the network and flavour of a checkpoint."""
    meta = {
        "format": "inception-explorer",
        "network": network["network"],
        "flavour": network["flavour"],
        "width": network["width"],
        "input": network["input"][0],
        "classes": network["classes"],
    }
    meta.update(extra)
    return meta


# ---------------------------------------------------------------- TensorBoard event files
def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def masked_crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = _CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    c ^= 0xFFFFFFFF
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def _varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(num, wire, payload):
    return _varint((num << 3) | wire) + payload


def _bytes_field(num, b):
    return _field(num, 2, _varint(len(b)) + b)


def _event(wall_time, step, file_version=None, scalars=None):
    msg = _field(1, 1, struct.pack("<d", wall_time)) + _field(2, 0, _varint(int(step)))
    if file_version is not None:
        msg += _bytes_field(3, file_version.encode())
    if scalars:
        values = b"".join(
            _bytes_field(1, _bytes_field(1, tag.encode()) + _field(2, 5, struct.pack("<f", float(v))))
            for tag, v in scalars.items()
        )
        msg += _bytes_field(5, values)
    return msg


class EventWriter:
    """events.out.tfevents.<time>.<host>: one record per step with that step's scalars, flushed each write
    so a watching app (or TensorBoard) sees the run live."""

    def __init__(self, logdir):
        os.makedirs(logdir, exist_ok=True)
        name = "events.out.tfevents.%d.%s" % (int(time.time()), socket.gethostname())
        self.path = os.path.join(logdir, name)
        self.f = open(self.path, "ab")
        self._write(_event(time.time(), 0, file_version="brain.Event:2"))

    def _write(self, data):
        head = struct.pack("<Q", len(data))
        self.f.write(head + struct.pack("<I", masked_crc32c(head)) + data + struct.pack("<I", masked_crc32c(data)))
        self.f.flush()

    def scalars(self, step, values, wall_time=None):
        self._write(_event(wall_time or time.time(), step, scalars=values))

    def close(self):
        self.f.close()


class CsvWriter:
    """The same values in the app's own long CSV shape: run,metric,step,epoch,time,value."""

    def __init__(self, path, run):
        new = not os.path.exists(path)
        self.f = open(path, "a", encoding="utf-8")
        self.run = run
        if new:
            self.f.write("run,metric,step,epoch,time,value\n")

    def scalars(self, step, epoch, values, wall_time=None):
        ms = int((wall_time or time.time()) * 1000)
        for tag, v in values.items():
            self.f.write("%s,%s,%d,%.6g,%d,%.9g\n" % (self.run, tag, step, epoch, ms, float(v)))
        self.f.flush()

    def close(self):
        self.f.close()


# ---------------------------------------------------------------- data
class AppImages(torch.utils.data.Dataset):
    """The app's dataset export: <split>.u8 (count x H x W x C uint8) and <split>.labels (int32 LE)."""

    def __init__(self, folder, split):
        with open(os.path.join(folder, "dataset.json"), encoding="utf-8") as f:
            meta = json.load(f)
        s = meta[split]
        self.classes = meta["classNames"]
        h, w, c = meta["height"], meta["width"], meta["channels"]
        with open(os.path.join(folder, s["images"]), "rb") as f:
            self.images = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).reshape(s["count"], h, w, c)
        with open(os.path.join(folder, s["labels"]), "rb") as f:
            self.labels = torch.frombuffer(bytearray(f.read()), dtype=torch.int32).long()

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        # CHW uint8; scaling, resizing and augmentation happen on the batch (see train.py).
        return self.images[i].permute(2, 0, 1), self.labels[i]


def image_folder(root, input_size, train, min_area, flip):
    """torchvision's ImageFolder with the app's preprocessing: [-1, 1], Inception crops when training."""
    from torchvision import datasets, transforms

    t = []
    if train:
        t.append(transforms.RandomResizedCrop(input_size, scale=(min_area, 1.0), ratio=(3 / 4, 4 / 3)))
        if flip:
            t.append(transforms.RandomHorizontalFlip())
    else:
        t += [transforms.Resize(input_size), transforms.CenterCrop(input_size)]
    t += [transforms.PILToTensor()]
    return datasets.ImageFolder(root, transforms.Compose(t))
`;
