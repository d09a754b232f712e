/**
 * train.py, written into every exported project: DistributedDataParallel training under torchrun with the
 * app's recipe (project.json). The recipe's maths follow the app's own trainer (engine/train/optimizer.ts,
 * losses.ts, recipe.ts): TF1 RMSProp (ε under the square root, mean square starting at 1, momentum), the
 * lr schedule of learningRate(), label smoothing (1−ε)·δ + ε/K, aux losses added with their weights,
 * global-norm clipping, L2 weight decay on kernels. EMA of the weights (TF's ExponentialMovingAverage
 * with num_updates) is what validation and ema.safetensors use.
 */
export const TRAIN_PY = String.raw`"""Train the exported network with torchrun (DistributedDataParallel). See README.md for the commands."""
import argparse
import copy
import json
import math
import os
import socket
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

import inception_io as io
import model as net_def

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--config", default=os.path.join(HERE, "project.json"))
    p.add_argument("--out", default=None, help="run folder (default: runs/<name> from project.json)")
    p.add_argument("--steps", type=int, default=None, help="total optimizer steps (default: project.json)")
    p.add_argument("--batch", type=int, default=None, help="images per process and step (the papers' per-replica batch)")
    p.add_argument("--data", default=None, help="ImageFolder root with train/ and val/ (default: the exported data)")
    p.add_argument("--workers", type=int, default=4, help="DataLoader workers per process (ImageFolder)")
    p.add_argument("--init", default=None, help="app-named .safetensors to start from (default: project.json)")
    p.add_argument("--no-init", action="store_true", help="start from PyTorch's default initialisation")
    p.add_argument("--amp", choices=["auto", "on", "off"], default="auto", help="mixed precision (auto: on with CUDA)")
    p.add_argument("--sync-bn", action="store_true", help="SyncBatchNorm across processes (the papers used per-replica BN)")
    p.add_argument("--ema-decay", type=float, default=None)
    p.add_argument("--val-every", type=int, default=None)
    p.add_argument("--ckpt-every", type=int, default=None)
    p.add_argument("--log-every", type=int, default=None)
    p.add_argument("--no-checkpoint", action="store_true", help="write no checkpoints (smoke tests)")
    return p.parse_args()


class TFRMSProp(torch.optim.Optimizer):
    """TF1 tf.train.RMSPropOptimizer: ms <- rho*ms + (1-rho)*g^2 (ms starts at rms_init);
    mom <- mu*mom + lr*g/sqrt(ms + eps); w <- w - mom. eps sits under the root: the papers' eps = 1.0."""

    def __init__(self, params, lr, decay, eps, momentum, rms_init, weight_decay=0.0):
        super().__init__(params, dict(lr=lr, decay=decay, eps=eps, momentum=momentum, rms_init=rms_init, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for g in self.param_groups:
            for p in g["params"]:
                if p.grad is None:
                    continue
                grad = p.grad
                if g["weight_decay"]:
                    grad = grad.add(p, alpha=g["weight_decay"])
                st = self.state[p]
                if not st:
                    st["ms"] = torch.full_like(p, g["rms_init"])
                    st["mom"] = torch.zeros_like(p)
                ms, mom = st["ms"], st["mom"]
                ms.mul_(g["decay"]).addcmul_(grad, grad, value=1 - g["decay"])
                mom.mul_(g["momentum"]).addcdiv_(grad, (ms + g["eps"]).sqrt(), value=g["lr"])
                p.sub_(mom)


def make_optimizer(model, opt_cfg):
    """Weight decay on conv and dense kernels only, as the app applies it; frozen BN gammas are left out."""
    kernels = [p for p in model.parameters() if p.requires_grad and p.ndim > 1]
    others = [p for p in model.parameters() if p.requires_grad and p.ndim <= 1]
    wd = opt_cfg["weightDecay"]
    groups = [dict(params=kernels, weight_decay=wd), dict(params=others, weight_decay=0.0)]
    if opt_cfg["kind"] == "rmsprop":
        return TFRMSProp(groups, lr=0.0, decay=opt_cfg["decay"], eps=opt_cfg["epsilon"], momentum=opt_cfg["momentum"], rms_init=opt_cfg["rmsInit"])
    # TF MomentumOptimizer: v <- mu*v + g; w <- w - lr*v, which is torch's SGD without dampening.
    return torch.optim.SGD(groups, lr=0.0, momentum=opt_cfg["momentum"])


def learning_rate(r, step, total_steps, steps_per_epoch):
    """The app's learningRate(): 'rescaled' spreads the paper's decays over this run."""
    if r["schedule"] == "constant":
        return r["lr"]
    if r["schedule"] == "epochs":
        epoch = step / steps_per_epoch
    else:
        epoch = step / max(1, total_steps) * r["referenceEpochs"]
    return r["lr"] * r["decayRate"] ** math.floor(epoch / r["decayEpochs"])


class Ema:
    """TF ExponentialMovingAverage with num_updates: decay = min(d, (1 + n) / (10 + n))."""

    def __init__(self, model, decay):
        self.decay = decay
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model, n):
        d = min(self.decay, (1 + n) / (10 + n))
        current = model.state_dict()
        # Weights and BN moving statistics averaged alike (TF-slim averages every model variable).
        for k, e in self.model.state_dict().items():
            if e.dtype.is_floating_point:
                e.mul_(d).add_(current[k].detach(), alpha=1 - d)
            else:
                e.copy_(current[k])


def to_input(x, size, channels, augment, gen):
    """uint8 NCHW -> floats in [-1, 1] at the network's input, as the app's makeBatch: Inception crop
    (area in [min_area, 1], aspect 3/4..4/3) and mirror flip when training, the whole image otherwise."""
    x = x.float() / 127.5 - 1.0
    if x.shape[1] == 1 and channels == 3:
        x = x.expand(-1, 3, -1, -1)
    n, _, h, w = x.shape
    if augment is None or not (augment["crop"] or augment["flip"]):
        return F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False) if (h, w) != (size, size) else x
    out = []
    for i in range(n):
        img = x[i : i + 1]
        if augment["crop"]:
            r = torch.rand(4, generator=gen).tolist()
            area = (augment["minArea"] + (1 - augment["minArea"]) * r[0]) * h * w
            aspect = math.exp(math.log(3 / 4) + (math.log(4 / 3) - math.log(3 / 4)) * r[1])
            ch = int(round(min(h, max(1, math.sqrt(area / aspect)))))
            cw = int(round(min(w, max(1, math.sqrt(area * aspect)))))
            y0 = int(r[2] * (h - ch + 1)) if h > ch else 0
            x0 = int(r[3] * (w - cw + 1)) if w > cw else 0
            img = img[:, :, y0 : y0 + ch, x0 : x0 + cw]
        if augment["flip"] and torch.rand(1, generator=gen).item() < 0.5:
            img = img.flip(3)
        out.append(F.interpolate(img, size=(size, size), mode="bilinear", align_corners=False))
    return torch.cat(out)


def errors(logits, y, k):
    top = logits.topk(min(k, logits.shape[1]), dim=1).indices
    return (~(top == y[:, None]).any(1)).sum().float()


def main():
    args = parse_args()
    with open(args.config, encoding="utf-8") as f:
        cfg = json.load(f)
    project = os.path.dirname(os.path.abspath(args.config))
    recipe = cfg["recipe"]
    network = net_def.NETWORK
    size, channels = network["input"][0], network["input"][2]

    distributed = "RANK" in os.environ and "WORLD_SIZE" in os.environ
    cuda = torch.cuda.is_available()
    rank, world, local = 0, 1, 0
    if distributed:
        rank, world, local = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ.get("LOCAL_RANK", 0))
        dist.init_process_group("nccl" if cuda else "gloo")
    device = torch.device("cuda", local) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    lead = rank == 0
    out = os.path.abspath(args.out or os.path.join(project, "runs", cfg["runName"]))
    ckpt_dir = os.path.join(out, "checkpoints")
    os.makedirs(os.path.join(out, "ranks"), exist_ok=True)
    os.makedirs(ckpt_dir, exist_ok=True)
    with open(os.path.join(out, "ranks", "rank%d.json" % rank), "w", encoding="utf-8") as f:
        json.dump(dict(rank=rank, world_size=world, local_rank=local, pid=os.getpid(), host=socket.gethostname(),
                       backend=dist.get_backend() if distributed else None, device=str(device),
                       restart=int(os.environ.get("TORCHELASTIC_RESTART_COUNT", 0))), f)

    seed = cfg["seed"]
    torch.manual_seed(seed)
    use_aux = recipe["useAux"] and bool(network["aux_heads"])
    model = net_def.Net(aux=use_aux)
    have = net_def.count_params(model)
    want = network["params_pytorch_with_aux" if use_aux else "params_pytorch"]
    if lead:
        print("%s: %s parameters in PyTorch, the app counts %s%s" % (
            network["title"], format(have, ","), format(want, ","), " (with aux heads)" if use_aux else ""))
    if have != want:
        sys.exit("parameter count %d differs from the app's %d: model.py does not match project.json; re-export" % (have, want))
    init = None if args.no_init else (args.init or (cfg.get("initWeights") and os.path.join(project, cfg["initWeights"])))
    if init:
        tensors, _meta = io.load_safetensors(init)
        io.load_app_state(model, net_def.PARAM_LAYERS, tensors)
    model.to(device)
    if args.sync_bn and distributed:
        model = torch.nn.SyncBatchNorm.convert_sync_batchnorm(model)
    ddp = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local] if cuda else None) if distributed else model

    # Data: the exported app dataset, or an ImageFolder root with train/ and val/.
    augment = recipe["augment"]
    data_root = args.data or (cfg["data"]["root"] if cfg["data"]["kind"] == "imagefolder" else None)
    if data_root:
        train_set = io.image_folder(os.path.join(data_root, "train"), size, True, augment["minArea"], augment["flip"])
        val_set = io.image_folder(os.path.join(data_root, "val"), size, False, 1.0, False)
        batch_augment = None  # torchvision already cropped and flipped
        workers = args.workers
    else:
        folder = os.path.join(project, cfg["data"]["folder"])
        train_set, val_set = io.AppImages(folder, "train"), io.AppImages(folder, "val")
        batch_augment = augment
        workers = 0
    batch = args.batch or recipe["batch"]
    sampler = torch.utils.data.distributed.DistributedSampler(train_set, world, rank, shuffle=True, seed=seed, drop_last=True)
    loader = torch.utils.data.DataLoader(train_set, batch, sampler=sampler, drop_last=True, num_workers=workers, pin_memory=cuda)
    val_sampler = torch.utils.data.distributed.DistributedSampler(val_set, world, rank, shuffle=False)
    val_loader = torch.utils.data.DataLoader(val_set, batch, sampler=val_sampler, num_workers=workers)
    steps_per_epoch = len(loader)
    if steps_per_epoch == 0:
        sys.exit("%d training images are fewer than one batch of %d on each of %d processes" % (len(train_set), batch, world))
    total = args.steps or cfg["steps"]

    opt = make_optimizer(model, recipe["optimizer"])
    amp = cuda if args.amp == "auto" else args.amp == "on"
    scaler = torch.cuda.amp.GradScaler(enabled=amp and cuda)
    ema = Ema(model, args.ema_decay or cfg["emaDecay"])
    smoothing = recipe["labelSmoothing"]
    heads = {h["name"]: h["weight"] for h in cfg["auxHeads"]} if use_aux else {}
    clip = recipe["clip"]

    start = 0
    last = os.path.join(ckpt_dir, "last.pt")
    if os.path.exists(last):  # a restart (torchrun --max-restarts) or a second launch continues the run
        state = torch.load(last, map_location="cpu")
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        ema.model.load_state_dict(state["ema"])
        scaler.load_state_dict(state["scaler"])
        start = state["step"]
        if lead:
            print("resumed from %s at step %d" % (last, start))

    val_every = args.val_every if args.val_every is not None else cfg["valEvery"]
    ckpt_every = args.ckpt_every if args.ckpt_every is not None else cfg["checkpointEvery"]
    log_every = args.log_every or cfg["logEvery"]
    tb = csv = None
    if lead:
        tb = io.EventWriter(out)
        csv = io.CsvWriter(os.path.join(out, "metrics.csv"), cfg["runName"])
        with open(os.path.join(out, "run.json"), "w", encoding="utf-8") as f:
            json.dump(dict(network=network, world_size=world, batch_per_process=batch, global_batch=batch * world,
                           steps=total, steps_per_epoch=steps_per_epoch, amp=bool(amp and cuda),
                           backend=dist.get_backend() if distributed else "single process"), f, indent=1)
        print("%d process(es) x batch %d = %d images per step; %d steps (%d per epoch); %s; AMP %s" % (
            world, batch, batch * world, total, steps_per_epoch, dist.get_backend() if distributed else "no DDP",
            "on" if amp and cuda else "off"))
        print_table(cfg["paperTable"])

    gen = torch.Generator().manual_seed(seed * 1000 + rank)

    def autocast():
        return torch.autocast("cuda", enabled=amp) if cuda else torch.autocast("cpu", enabled=False)

    def save(step):
        if not lead or args.no_checkpoint:
            return
        state = dict(step=step, model=model.state_dict(), optimizer=opt.state_dict(), ema=ema.model.state_dict(),
                     scaler=scaler.state_dict())
        torch.save(state, last + ".tmp")
        os.replace(last + ".tmp", last)
        meta = io.weights_metadata(network, step=step)
        if recipe["residualScale"] is not None:  # the app rebuilds the spec with the same scale
            meta["residualScale"] = recipe["residualScale"]
        io.save_safetensors(os.path.join(ckpt_dir, "model.safetensors"), io.app_state(model, net_def.PARAM_LAYERS, network), meta)
        io.save_safetensors(os.path.join(ckpt_dir, "ema.safetensors"), io.app_state(ema.model, net_def.PARAM_LAYERS, network), dict(meta, ema="true"))

    def validate(step, epoch):
        m = ema.model
        sums = torch.zeros(4, dtype=torch.float64, device=device)
        with torch.no_grad():
            for x, y in val_loader:
                x, y = to_input(x.to(device), size, channels, None, gen), y.to(device)
                logits = m(x).float()
                sums += torch.stack([F.cross_entropy(logits, y, reduction="sum"), errors(logits, y, 1), errors(logits, y, 5),
                                     torch.tensor(float(len(y)), device=device)]).double()
        if distributed:
            dist.all_reduce(sums)
        loss, e1, e5, n = sums.tolist()
        values = {"val.loss": loss / n, "val.top1": e1 / n}
        if len(val_set.classes) > 5:
            values["val.top5"] = e5 / n
        if lead:
            tb.scalars(step, values)
            csv.scalars(step, epoch, values)
            print("step %d  validation (EMA weights): loss %.4f, top-1 error %.3f" % (step, values["val.loss"], values["val.top1"]))

    it, epoch_of_it = None, -1
    t_last, images = time.time(), 0
    model.train()
    for step in range(start, total):
        epoch = step // steps_per_epoch
        if epoch != epoch_of_it:
            sampler.set_epoch(epoch)
            it, epoch_of_it = iter(loader), epoch
            for _ in range(step % steps_per_epoch):  # resume mid-epoch at the same batch
                next(it)
        x, y = next(it)
        x, y = to_input(x.to(device, non_blocking=True), size, channels, batch_augment, gen), y.to(device)
        lr = learning_rate(recipe, step, total, steps_per_epoch)
        for g in opt.param_groups:
            g["lr"] = lr
        with autocast():
            out_ = ddp(x)
        logits, aux = out_ if isinstance(out_, tuple) else (out_, {})
        main_loss = F.cross_entropy(logits.float(), y, label_smoothing=smoothing)
        aux_losses = {h: F.cross_entropy(aux[h].float(), y, label_smoothing=smoothing) for h in heads}
        loss = main_loss + sum(heads[h] * l for h, l in aux_losses.items())
        opt.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.unscale_(opt)
        params = [p for p in model.parameters() if p.grad is not None]
        if clip["kind"] == "global-norm":
            norm = torch.nn.utils.clip_grad_norm_(params, clip["threshold"])
        else:
            norm = torch.norm(torch.stack([p.grad.detach().norm() for p in params]))
        scaler.step(opt)
        scaler.update()
        ema.update(model, step)
        images += len(y) * world

        if (step + 1) % log_every == 0 or step + 1 == total:
            vals = torch.stack([loss.detach(), main_loss.detach(), errors(logits.detach(), y, 1) / len(y)] +
                               [l.detach() for l in aux_losses.values()]).double()
            if distributed:
                dist.all_reduce(vals)
                vals /= world
            now = time.time()
            v = vals.tolist()
            values = {"train.loss": v[0], "train.main": v[1], "train.top1": v[2], "lr": lr,
                      "grad_norm": float(norm), "images_per_sec": images / max(now - t_last, 1e-9)}
            for (h, _l), x_ in zip(aux_losses.items(), v[3:]):
                values["aux." + h] = x_
            t_last, images = now, 0
            if lead:
                tb.scalars(step + 1, values)
                csv.scalars(step + 1, (step + 1) / steps_per_epoch, values)
                print("step %d/%d  loss %.4f  main %.4f  top-1 error %.3f  lr %.5f  %.1f images/s" % (
                    step + 1, total, v[0], v[1], v[2], lr, values["images_per_sec"]))
        done = step + 1 == total
        if (val_every and (step + 1) % val_every == 0) or done:
            validate(step + 1, (step + 1) / steps_per_epoch)
            model.train()
        if (ckpt_every and (step + 1) % ckpt_every == 0) or done:
            save(step + 1)
    if lead:
        tb.close()
        csv.close()
        print("done: %s" % out)
    if distributed:
        dist.barrier()
        dist.destroy_process_group()


def print_table(rows):
    w = max(len(r["topic"]) for r in rows)
    print("\nWhere this script follows the paper, and where it cannot:")
    for r in rows:
        print("  %-*s  %-7s %s" % (w, r["topic"], r["verdict"], r["script"]))
    print()


if __name__ == "__main__":
    main()
`;
