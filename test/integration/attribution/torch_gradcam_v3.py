"""
torchvision's Inception-v3 (random initialisation, its own init_weights; no aux head, which at a reduced
input would not match the app's resized one) saved with torch.save, and
the reference Grad-CAM at Mixed_7c (its last module) on a given image, computed by the formula of
pytorch-grad-cam's GradCAM (https://github.com/jacobgil/pytorch-grad-cam, base_cam.py + grad_cam.py):
weights = mean over (i, j) of dy_c/dA, cam = relu(sum_k w_k A_k), scale_cam_image (min-max, 1e-7),
then the bilinear resize to the input (cv2.resize INTER_LINEAR = interpolate align_corners=False).
usage: python torch_gradcam_v3.py OUTDIR SIZE  (writes tv-inception_v3.pth, image.f32 [1, S, S, 3] and ref.json)
"""
import json, sys
import numpy as np
import torch
import torch.nn.functional as F
import torchvision

def model():
    torch.manual_seed(0)
    return torchvision.models.inception_v3(weights=None, aux_logits=False, transform_input=False, init_weights=True).eval()

_, outdir, size = sys.argv
m = model()
torch.save(m.state_dict(), f'{outdir}/tv-inception_v3.pth')
S = int(size)
# A smooth deterministic image in about [-1, 1] (NHWC, as the app lays images out).
i = np.arange(S * S * 3, dtype=np.float64)
nhwc = (0.8 * np.sin(0.001 * i) + 0.2 * np.cos(0.37 * i)).astype(np.float32)
nhwc.tofile(f'{outdir}/image.f32')
x = torch.from_numpy(nhwc.reshape(1, S, S, 3)).permute(0, 3, 1, 2).contiguous()
saved = {}
def hook(_m, _i, o):
    o.retain_grad()
    saved['a'] = o
m.Mixed_7c.register_forward_hook(hook)
x.requires_grad_(True)
logits = m(x)
cls = int(logits[0].argmax())
logits[0, cls].backward()
A, G = saved['a'].detach()[0].double(), saved['a'].grad[0].double()
w = G.mean(dim=(1, 2))
cam = torch.clamp((w[:, None, None] * A).sum(0), min=0)
norm = (cam - cam.min()) / (1e-7 + (cam - cam.min()).max())
up = F.interpolate(norm[None, None], size=(S, S), mode='bilinear', align_corners=False)[0, 0]
json.dump({
    'classIndex': cls,
    'logits': logits[0].detach().tolist(),
    'cam': cam.reshape(-1).tolist(),
    'camShape': list(cam.shape),
    'map': up.reshape(-1).tolist(),
}, open(f'{outdir}/ref.json', 'w'))
