"""Reference side of bench/onnx.bench.ts: torchvision's googlenet and inception_v3 with random
weights, timed in PyTorch, and exported with torch.onnx.export so the bench can time raw
onnxruntime on the same networks. The .onnx files go to a scratch folder the bench passes in.

usage: python3 torch_reference.py OUT_DIR THREADS RUNS  ->  JSON on stdout
"""
import json
import statistics
import sys
import time

import torch
import torchvision

out_dir, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)

NETS = {
    "googlenet": (lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=True), 224),
    "inception_v3": (lambda: torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=True), 299),
}



def he_init(model):
    """He-uniform kernels, like the app's seeded random weights: keeps activations of order one.
    torchvision's own init (std 0.01) shrinks them into denormals deep in the network, which slows
    every CPU engine by 10x and would make the comparison meaningless."""
    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            torch.nn.init.kaiming_uniform_(m.weight, nonlinearity="relu")
    return model


result = {"torch": torch.__version__, "torchvision": torchvision.__version__, "threads": threads, "nets": {}}
for name, (make, size) in NETS.items():
    torch.manual_seed(0)
    model = he_init(make()).eval()
    x = torch.randn(1, 3, size, size)
    times = []
    with torch.no_grad():
        model(x)  # warm-up
        for _ in range(runs):
            t = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - t) * 1000)
    path = f"{out_dir}/{name}.onnx"
    torch.onnx.export(model, x, path, opset_version=13, input_names=["input"], output_names=["logits"])
    result["nets"][name] = {"medianMs": statistics.median(times), "ms": times, "onnx": path, "input": [1, 3, size, size]}
print(json.dumps(result))
