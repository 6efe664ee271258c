#!/usr/bin/python3
"""Train, evaluate and export the OLA-FHE model zoo on Fashion-MNIST (CPU, Debian torch).

Usage: /usr/bin/python3 models/train.py MODEL [--epochs E] [--smoke]
  MODEL: resnet20 | resnet32 | convnext_tiny32

Input convention (the Java loader dev.olafhe.nn.data.FashionMnist reproduces it exactly):
  raw uint8 28x28 -> x/255 -> zero-padded 2 px on every side -> 32x32 -> (x - 0.2860) / 0.3530.
Writes models/MODEL.onnx (opset 17, weights inside), models/MODEL.ref.json (PyTorch logits of fixed
test images for the Java tests) and models/MODEL.train.json (recipe, seed, times, accuracy).
"""
import argparse, gzip, json, os, random, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.2860, 0.3530
SEED = 20261124
REF_INDICES = [0, 1, 2, 3, 4, 5, 6, 7, 1000, 5000, 9999]
HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(split):
    prefix = "train" if split == "train" else "t10k"
    x = read_idx(f"{DATA}/{prefix}-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    y = read_idx(f"{DATA}/{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    x = np.pad(x, ((0, 0), (2, 2), (2, 2)))          # zero padding of the [0,1] image
    x = (x - MEAN) / STD
    return torch.from_numpy(x[:, None, :, :].copy()), torch.from_numpy(y.copy())


# ---------------------------------------------------------------- ResNet-20/32 (He et al., CIFAR variant)
class ShortcutA(nn.Module):
    """Option-A shortcut: subsample by 2 and zero-pad the channel dimension."""
    def __init__(self, planes):
        super().__init__()
        self.pad = planes // 4

    def forward(self, x):
        return F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad), "constant", 0.0)


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = ShortcutA(cout) if (stride != 1 or cin != cout) else nn.Identity()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, n, num_classes=10, in_ch=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_ch, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for cout, stride in [(16, 1), (32, 2), (64, 2)]:
            for i in range(n):
                layers.append(BasicBlock(cin, cout, stride if i == 0 else 1))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, num_classes)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layers(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


# ---------------------------------------------------------------- small ConvNeXt for 32x32
class LayerNormCF(nn.Module):
    """LayerNorm over the channel axis of an NCHW tensor (ConvNeXt's channels_first variant)."""
    def __init__(self, c, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))
        self.eps = eps

    def forward(self, x):
        u = x.mean(1, keepdim=True)
        s = (x - u).pow(2).mean(1, keepdim=True)
        x = (x - u) / torch.sqrt(s + self.eps)
        return self.weight[:, None, None] * x + self.bias[:, None, None]


class ConvNeXtBlock(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dw = nn.Conv2d(dim, dim, 7, 1, 3, groups=dim)
        self.norm = LayerNormCF(dim)
        self.pw1 = nn.Conv2d(dim, 4 * dim, 1)     # pointwise MLP as 1x1 convs (== Linear per pixel)
        self.act = nn.GELU()                       # exact (erf) GELU
        self.pw2 = nn.Conv2d(4 * dim, dim, 1)

    def forward(self, x):
        return x + self.pw2(self.act(self.pw1(self.norm(self.dw(x)))))


class ConvNeXt32(nn.Module):
    def __init__(self, dims=(32, 64), depths=(2, 2), num_classes=10, in_ch=1):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(in_ch, dims[0], 2, 2), LayerNormCF(dims[0]))   # 32 -> 16
        self.stage1 = nn.Sequential(*[ConvNeXtBlock(dims[0]) for _ in range(depths[0])])
        self.down = nn.Sequential(LayerNormCF(dims[0]), nn.Conv2d(dims[0], dims[1], 2, 2))  # 16 -> 8
        self.stage2 = nn.Sequential(*[ConvNeXtBlock(dims[1]) for _ in range(depths[1])])
        self.norm = nn.LayerNorm(dims[1], eps=1e-6)   # exported as ONNX LayerNormalization (opset 17)
        self.head = nn.Linear(dims[1], num_classes)

    def forward(self, x):
        x = self.stage2(self.down(self.stage1(self.stem(x))))
        x = x.mean((2, 3))
        return self.head(self.norm(x))


def build(name):
    if name == "resnet20":
        return ResNet(3)
    if name == "resnet32":
        return ResNet(5)
    if name == "convnext_tiny32":
        return ConvNeXt32()
    raise SystemExit("unknown model " + name)


def augment(x, gen):
    """Random shift by up to 2 px (zero-pad in normalised space = background value) + horizontal flip."""
    n = x.shape[0]
    bg = -MEAN / STD
    padded = F.pad(x, (2, 2, 2, 2), value=bg)
    dx = torch.randint(0, 5, (n,), generator=gen)
    dy = torch.randint(0, 5, (n,), generator=gen)
    out = torch.empty_like(x)
    for i in range(n):
        out[i] = padded[i, :, dy[i]:dy[i] + 32, dx[i]:dx[i] + 32]
    flip = torch.rand(n, generator=gen) < 0.5
    out[flip] = out[flip].flip(3)
    return out


def evaluate(model, x, y, bs=200):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), bs):
            correct += (model(x[i:i + bs]).argmax(1) == y[i:i + bs]).sum().item()
    return correct / len(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--smoke", action="store_true", help="2 batches of training, for checking the export")
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads (1 avoids spin-waiting on a loaded machine)")
    ap.add_argument("--final-eval-only", action="store_true", help="skip the per-epoch test evaluation (saves CPU)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED); np.random.seed(SEED); random.seed(SEED)
    gen = torch.Generator().manual_seed(SEED)

    xtr, ytr = load("train")
    xte, yte = load("test")
    model = build(args.model)
    resnet = args.model.startswith("resnet")
    steps = len(xtr) // args.batch
    if resnet:
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
        max_lr = 0.1
    else:
        opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)
        max_lr = 4e-3
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, epochs=args.epochs, steps_per_epoch=steps,
                                                pct_start=0.25)
    recipe = {
        "optimizer": "SGD(momentum=0.9, nesterov, weight_decay=5e-4)" if resnet else "AdamW(weight_decay=0.05)",
        "schedule": f"OneCycleLR(max_lr={max_lr}, pct_start=0.25), per step",
        "batch": args.batch, "epochs": args.epochs, "seed": SEED,
        "augmentation": "random shift <= 2 px (background fill) + horizontal flip",
        "loss": "cross-entropy", "threads": args.threads,
    }
    t0 = time.time()
    log = []
    for ep in range(args.epochs):
        model.train()
        te = time.time()
        perm = torch.randperm(len(xtr), generator=gen)
        tot, n = 0.0, 0
        for b in range(steps):
            idx = perm[b * args.batch:(b + 1) * args.batch]
            xb = augment(xtr[idx], gen)
            loss = F.cross_entropy(model(xb), ytr[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item(); n += 1
            if args.smoke and b >= 1:
                break
        acc = evaluate(model, xte, yte) if (not args.final_eval_only or ep == args.epochs - 1) else None
        log.append({"epoch": ep + 1, "loss": tot / n, "test_acc": acc, "seconds": time.time() - te})
        print(f"{args.model} epoch {ep + 1}/{args.epochs} loss {tot / n:.4f} test "
              f"{'-' if acc is None else f'{acc * 100:.2f}%'} "
              f"({time.time() - te:.0f}s)", flush=True)
        if args.smoke:
            break
    train_seconds = time.time() - t0
    model.eval()
    acc = evaluate(model, xte, yte)
    print(f"{args.model} final test accuracy {acc * 100:.2f}% after {train_seconds:.0f}s", flush=True)

    out = os.path.join(HERE, args.model + ".onnx")
    torch.onnx.export(model, torch.zeros(1, 1, 32, 32), out, opset_version=17, do_constant_folding=True,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    with torch.no_grad():
        ref = model(xte[REF_INDICES]).tolist()
    with open(os.path.join(HERE, args.model + ".ref.json"), "w") as f:
        json.dump({"model": args.model, "input": "fashion-mnist test split, normalised 32x32 (see train.py)",
                   "indices": REF_INDICES, "labels": yte[REF_INDICES].tolist(), "logits": ref}, f, indent=1)
    with open(os.path.join(HERE, args.model + ".train.json"), "w") as f:
        json.dump({"model": args.model, "params": sum(p.numel() for p in model.parameters()),
                   "recipe": recipe, "train_seconds": train_seconds, "test_accuracy": acc,
                   "torch": torch.__version__, "smoke": args.smoke, "log": log}, f, indent=1)


if __name__ == "__main__":
    main()
