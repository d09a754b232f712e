"""PyTorch side of bench/train.bench.ts: the same reduced networks, built at run time from the
analysis JSON the bench writes (a generic interpreter of the spec's nodes, no model code per network),
trained with the papers' recipe for a few steps, timed.

usage: /usr/bin/python3 train_torch.py NETS.json  ->  JSON on stdout
"""
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pads(size, k, s):
    out = math.ceil(size / s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def pads_of(node, k, s):
    """(left, right, top, bottom) so that the output has the analysis' shape (covers same, explicit, ceil)."""
    p = node["layer"]["padding"]
    h, w = node["inShapes"][0][0], node["inShapes"][0][1]
    if p == "valid":
        t = b = le = r = 0
    elif p == "same":
        t, b = same_pads(h, k[0], s[0])
        le, r = same_pads(w, k[1], s[1])
    else:
        t, b, le, r = p["top"], p["bottom"], p["left"], p["right"]
    oh, ow = node["outShape"][0], node["outShape"][1]
    b += max(0, (oh - 1) * s[0] + k[0] - (h + t + b))
    r += max(0, (ow - 1) * s[1] + k[1] - (w + le + r))
    return le, r, t, b


def key(node_id):
    return node_id.replace("/", "__").replace(".", "_")


class SpecNet(nn.Module):
    def __init__(self, nodes, outputs):
        super().__init__()
        self.nodes, self.outputs = nodes, outputs
        self.mods = nn.ModuleDict()
        for n in nodes:
            layer = n.get("layer")
            if n["kind"] != "layer" or layer["op"] not in ("conv", "dense"):
                continue
            m = nn.ModuleDict()
            if layer["op"] == "conv":
                m["f"] = nn.Conv2d(n["inShapes"][0][-1], layer["filters"], layer["kernel"], layer["strides"], bias=layer["bias"])
                if layer.get("bn"):
                    m["bn"] = nn.BatchNorm2d(layer["filters"], eps=layer["bn"]["eps"])
            else:
                m["f"] = nn.Linear(math.prod(n["inShapes"][0]), layer["units"], bias=layer["bias"])
                if layer.get("bn"):
                    m["bn"] = nn.BatchNorm1d(layer["units"], eps=layer["bn"]["eps"])
            self.mods[key(n["id"])] = m

    def forward(self, x):
        v = {}
        for n in self.nodes:
            kind = n["kind"]
            if kind == "input":
                v[n["id"]] = x
                continue
            ins = [v[i] for i in n["inputs"]]
            if kind == "concat":
                v[n["id"]] = torch.cat(ins, 1)
                continue
            if kind == "add":
                y = ins[0] + n.get("scale", 1) * ins[1]
                v[n["id"]] = F.relu(y) if n.get("activation") == "relu" else y
                continue
            layer, h = n["layer"], ins[0]
            op = layer["op"]
            if op == "conv":
                p = pads_of(n, layer["kernel"], layer["strides"])
                if any(p):
                    h = F.pad(h, p)
                m = self.mods[key(n["id"])]
                h = m["f"](h)
                if "bn" in m:
                    h = m["bn"](h)
                if layer["activation"] == "relu":
                    h = F.relu(h)
            elif op in ("maxpool", "avgpool"):
                if layer.get("adaptive"):
                    h = F.adaptive_avg_pool2d(h, layer["adaptive"])
                else:
                    p = pads_of(n, layer["pool"], layer["strides"])
                    if any(p):
                        h = F.pad(h, p, value=-math.inf if op == "maxpool" else 0.0)
                    pool = F.max_pool2d if op == "maxpool" else F.avg_pool2d
                    h = pool(h, layer["pool"], layer["strides"])
            elif op == "lrn":
                h = F.local_response_norm(h, layer["size"], layer["alpha"], layer["beta"], layer["k"])
            elif op == "globalavgpool":
                h = h.mean((2, 3))
            elif op == "dropout":
                h = F.dropout(h, layer["rate"], self.training)
            elif op == "flatten":
                h = h.permute(0, 2, 3, 1).flatten(1)
            elif op == "dense":
                m = self.mods[key(n["id"])]
                h = m["f"](h.flatten(1) if h.dim() > 2 else h)
                if "bn" in m:
                    h = m["bn"](h)
                if layer["activation"] == "relu":
                    h = F.relu(h)
            elif op == "relu":
                h = F.relu(h)
            # 'softmax' never feeds a logits output; nothing to do.
            v[n["id"]] = h
        return [v[o] for o in self.outputs]


def bench(net, threads, batch, steps):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = SpecNet(net["nodes"], net["outputs"]).train()
    opt = torch.optim.RMSprop(model.parameters(), lr=0.045, alpha=0.9, eps=1.0, momentum=0.9)
    size, classes = net["input"], net["classes"]
    x = torch.rand(batch, 3, size, size) * 2 - 1
    y = torch.randint(0, classes, (batch,))
    times = []
    for i in range(steps + 1):
        t = time.perf_counter()
        outs = model(x)
        loss = F.cross_entropy(outs[0], y, label_smoothing=0.1)
        for w, aux in zip(net["auxWeights"], outs[1:]):
            loss = loss + w * F.cross_entropy(aux, y, label_smoothing=0.1)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 2.0)
        opt.step()
        if i > 0:  # the first step warms up
            times.append(time.perf_counter() - t)
    med = statistics.median(times)
    return {"medianStepS": med, "imagesPerSec": batch / med, "stepsS": times, "loss": float(loss)}


def main():
    cfg = json.load(open(sys.argv[1]))
    out = {"torch": torch.__version__, "results": []}
    for net in cfg["nets"]:
        for threads in cfg["threads"]:
            r = bench(net, threads, cfg["batch"], cfg["steps"])
            out["results"].append({"name": net["name"], "threads": threads, **r})
    print(json.dumps(out))


main()
