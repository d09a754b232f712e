"""
Reference attributions in PyTorch (float64) for the tiny test network of test/unit/attribution/tiny-net.ts,
each written from its method's definition (Captum's / pytorch-grad-cam's), not from the app's code:
  gradient      Simonyan et al. 2013 (https://arxiv.org/abs/1312.6034): max over colour of |dy_c/dx|
  smoothgrad    Smilkov et al. 2017 (https://arxiv.org/abs/1706.03825), Captum NoiseTunnel(Saliency): mean |grad|
  ig            Sundararajan et al. 2017 (https://arxiv.org/abs/1703.01365), zero baseline, trapezoid rule
  gradcam       pytorch-grad-cam GradCAM: weights = mean grads, relu(sum w A), scale_cam_image, resize
  gradcam++     pytorch-grad-cam GradCAMPlusPlus (eq. 19 of https://arxiv.org/abs/1710.11063)
  scorecam      pytorch-grad-cam ScoreCAM (UpsamplingBilinear2d masks, softmax over channel scores)
  eigencam      pytorch-grad-cam get_2d_projection (SVD of centred activations), sign fixed (see eigencam.ts)
  occlusion     Captum Occlusion (baseline 0, mean over covering windows) with a flush last window
  branches      grad x activation per concat slice; residual split via the pre-activation sum's own grad
The target is class `classIndex`'s logit, or with `channelTarget` {node, channel} the spatial mean of that
channel of that node (Captum's neuron/layer attribution targets).
usage: python torch_attribution.py IN.json OUT.json
"""
import json, sys
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
spec = json.load(open(sys.argv[1]))
W = {k: {kk: torch.tensor(vv['data']).reshape(vv['shape']) for kk, vv in v.items()} for k, v in spec['weights'].items()}
H, Wd, C = spec['inputShape']
x0 = torch.tensor(spec['input']).reshape(1, H, Wd, C).permute(0, 3, 1, 2).contiguous()
cls = spec['classIndex']

def conv(x, node, pad, relu=True, bn=False):
    w = W[node]
    k = w['kernel'].permute(3, 2, 0, 1)  # HWIO -> OIHW
    y = F.conv2d(x, k, w.get('bias'), padding=pad)
    if bn:
        y = (y - w['movingMean'][None, :, None, None]) / torch.sqrt(w['movingVariance'][None, :, None, None] + 1e-3)
        y = y * w['gamma'][None, :, None, None] + w['beta'][None, :, None, None]
    return F.relu(y) if relu else y

def net(x, keep=None):
    """The tiny network; `keep` collects every node's value (and the residual's pre-activation sum)."""
    v = {} if keep is None else keep
    v['stem'] = conv(x, 'stem', 1, bn=True)
    v['mixed/b1x1/conv'] = conv(v['stem'], 'mixed/b1x1/conv', 0)
    v['mixed/b3x3/reduce'] = conv(v['stem'], 'mixed/b3x3/reduce', 0, bn=True)
    v['mixed/b3x3/conv'] = conv(v['mixed/b3x3/reduce'], 'mixed/b3x3/conv', 1, bn=True)
    v['mixed/pool/pool'] = F.max_pool2d(v['stem'], 3, 1, 1)  # TF 'same' max pool pads with -inf
    v['mixed/concat'] = torch.cat([v['mixed/b1x1/conv'], v['mixed/b3x3/conv'], v['mixed/pool/pool']], 1)
    v['block/conv'] = conv(v['mixed/concat'], 'block/conv', 1)
    v['block/up'] = conv(v['block/conv'], 'block/up', 0, relu=False)
    v['block/pre'] = v['mixed/concat'] + 0.5 * v['block/up']
    v['block/add'] = F.relu(v['block/pre'])
    g = v['block/add'].mean(dim=(2, 3))
    return g @ W['logits/fc']['kernel'] + W['logits/fc']['bias']

tgt = spec.get('channelTarget')

def score(x, keep=None):
    """The target per image: the class logit, or the channel's spatial mean."""
    v = {} if keep is None else keep
    out = net(x, v)
    return out[:, cls] if tgt is None else v[tgt['node']][:, tgt['channel']].mean(dim=(1, 2))

def input_grad(x):
    x = x.clone().requires_grad_(True)
    score(x).sum().backward()
    return x.grad

def node_ag(node):
    keep = {}
    x = x0.clone().requires_grad_(True)  # so every node is on the autograd graph
    out = score(x, keep)
    a = keep[node]
    a.retain_grad()
    out[0].backward()
    return keep, a.detach()[0], a.grad[0]

def finish_cam(cam):
    cam = torch.clamp(cam, min=0)
    cam = cam - cam.min()
    cam = cam / (1e-7 + cam.max())
    return F.interpolate(cam[None, None], size=(H, Wd), mode='bilinear', align_corners=False)[0, 0]

def nhwc_map(t):  # [H, W] -> list
    return t.reshape(-1).tolist()

res = {}
g = input_grad(x0)[0]
res['gradient'] = nhwc_map(g.abs().max(0)[0])

sg = spec['smoothgrad']
sigma = sg['noise'] * (x0.max() - x0.min())
acc = torch.zeros_like(x0)
for z in sg['draws']:
    zt = torch.tensor(z).reshape(1, H, Wd, C).permute(0, 3, 1, 2)
    acc += input_grad(x0 + sigma * zt).abs()
res['smoothgrad'] = nhwc_map((acc / len(sg['draws']))[0].max(0)[0])

n = spec['igSteps']
avg = torch.zeros_like(x0)
for k in range(n + 1):
    wk = (0.5 if k in (0, n) else 1.0) / n
    avg += wk * input_grad(k / n * x0)
ig = (x0 * avg)[0]
with torch.no_grad():
    delta = (score(x0)[0] - score(torch.zeros_like(x0))[0]).item()
res['ig'] = {'map': nhwc_map(ig.sum(0)), 'sum': ig.sum().item(), 'delta': delta}

res['cams'] = {}
for node in spec['camNodes']:
    keep, A, G = node_ag(node)
    c = {}
    wts = G.mean(dim=(1, 2))
    raw = torch.clamp((wts[:, None, None] * A).sum(0), min=0)
    c['gradcam'] = {'cam': nhwc_map(raw), 'map': nhwc_map(finish_cam(raw))}
    g2, g3 = G ** 2, G ** 3
    sumA = A.sum(dim=(1, 2))
    aij = g2 / (2 * g2 + sumA[:, None, None] * g3 + 1e-6)
    aij = torch.where(G != 0, aij, torch.zeros_like(aij))
    wpp = (torch.clamp(G, min=0) * aij).sum(dim=(1, 2))
    rawpp = torch.clamp((wpp[:, None, None] * A).sum(0), min=0)
    c['gradcam++'] = {'cam': nhwc_map(rawpp), 'map': nhwc_map(finish_cam(rawpp))}
    with torch.no_grad():
        up = torch.nn.UpsamplingBilinear2d(size=(H, Wd))(A[None])[0]
        mx = up.reshape(up.shape[0], -1).max(-1)[0][:, None, None]
        mn = up.reshape(up.shape[0], -1).min(-1)[0][:, None, None]
        up = (up - mn) / (mx - mn + 1e-8)
        scores = torch.stack([score(x0 * m[None, None])[0] for m in up])
        ws = torch.softmax(scores, -1)
    raws = torch.clamp((ws[:, None, None] * A).sum(0), min=0)
    c['scorecam'] = {'cam': nhwc_map(raws), 'map': nhwc_map(finish_cam(raws))}
    X = A.reshape(A.shape[0], -1).T
    X = X - X.mean(0)
    U, S, VT = torch.linalg.svd(X, full_matrices=True)
    proj = X @ VT[0]
    if (X.sum(1) * proj).sum() < 0:
        proj = -proj
    rawe = torch.clamp(proj.reshape(A.shape[1:]), min=0)
    c['eigencam'] = {'cam': nhwc_map(rawe), 'map': nhwc_map(finish_cam(rawe))}
    res['cams'][node] = c

win, stride = spec['occlusion']['window'], spec['occlusion']['stride']
def starts(size):
    s = list(range(0, size - win + 1, stride))
    if s[-1] != size - win:
        s.append(size - win)
    return s
with torch.no_grad():
    f0 = score(x0)[0]
    tot = torch.zeros(H, Wd); cnt = torch.zeros(H, Wd)
    for py in starts(H):
        for px in starts(Wd):
            xo = x0.clone(); xo[:, :, py:py + win, px:px + win] = 0
            tot[py:py + win, px:px + win] += f0 - score(xo)[0]
            cnt[py:py + win, px:px + win] += 1
res['occlusion'] = nhwc_map(tot / cnt)

keep, A, G = node_ag('mixed/concat')
per = (A * G).sum(dim=(1, 2))
res['concat'] = {'parts': [per[0:2].sum().item(), per[2:5].sum().item(), per[5:9].sum().item()], 'total': per.sum().item()}
keep = {}
out = score(x0.clone().requires_grad_(True), keep)
keep['block/pre'].retain_grad()
out[0].backward()
gp = keep['block/pre'].grad
res['add'] = {
    'shortcut': (gp * keep['mixed/concat']).sum().item(),
    'residual': (gp * 0.5 * keep['block/up']).sum().item(),
    'total': (gp * keep['block/pre']).sum().item(),
}
json.dump(res, open(sys.argv[2], 'w'))
