#!/usr/bin/python3
"""Train and export tiny_resnet: a miniature ResNet for the encrypted-inference CI tests and the `ola run` demo.

Usage: /usr/bin/python3 models/train_tiny.py [--epochs E]

Same data and input convention as train.py (Fashion-MNIST, 1x32x32 normalised). The network uses every
building block of ResNet-20 in the encrypted runtime -- 3x3 conv + BN, stride-2 conv, option-A shortcut,
residual add, ReLU, global average pooling, fully connected -- but is small enough that all of its tensors
fit in 1024 CKKS slots (logN 11 test parameters) and it runs without bootstrapping:
  conv 1->4 stride 2 (32->16) + BN + ReLU
  basic block 4->8 stride 2 (16->8) with option-A shortcut, ReLU after each conv and after the add
  global average pool, FC 8->10
Writes models/tiny_resnet.onnx, .ref.json and .train.json like train.py.
"""
import argparse, json, os, random, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import BasicBlock, HERE, REF_INDICES, SEED, augment, evaluate, load  # noqa: E402


class TinyResNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 2, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.block = BasicBlock(4, 8, 2)
        self.fc = nn.Linear(8, num_classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.block(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=128)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(SEED); np.random.seed(SEED); random.seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    xtr, ytr = load("train")
    xte, yte = load("test")
    model = TinyResNet()
    steps = len(xtr) // args.batch
    opt = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1e-2, epochs=args.epochs, steps_per_epoch=steps,
                                                pct_start=0.25)
    t0 = time.time()
    log = []
    for ep in range(args.epochs):
        model.train()
        perm = torch.randperm(len(xtr), generator=gen)
        tot = 0.0
        for b in range(steps):
            idx = perm[b * args.batch:(b + 1) * args.batch]
            loss = F.cross_entropy(model(augment(xtr[idx], gen)), ytr[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item()
        log.append({"epoch": ep + 1, "loss": tot / steps})
        print(f"tiny_resnet epoch {ep + 1}/{args.epochs} loss {tot / steps:.4f} ({time.time() - t0:.0f}s)", flush=True)
    train_seconds = time.time() - t0
    model.eval()
    acc = evaluate(model, xte, yte)
    print(f"tiny_resnet final test accuracy {acc * 100:.2f}% after {train_seconds:.0f}s", flush=True)
    out = os.path.join(HERE, "tiny_resnet.onnx")
    torch.onnx.export(model, torch.zeros(1, 1, 32, 32), out, opset_version=17, do_constant_folding=True,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
    with torch.no_grad():
        ref = model(xte[REF_INDICES]).tolist()
    with open(os.path.join(HERE, "tiny_resnet.ref.json"), "w") as f:
        json.dump({"model": "tiny_resnet", "input": "fashion-mnist test split, normalised 32x32 (see train.py)",
                   "indices": REF_INDICES, "labels": yte[REF_INDICES].tolist(), "logits": ref}, f, indent=1)
    with open(os.path.join(HERE, "tiny_resnet.train.json"), "w") as f:
        json.dump({"model": "tiny_resnet", "params": sum(p.numel() for p in model.parameters()),
                   "recipe": {"optimizer": "AdamW(lr=5e-3, weight_decay=1e-4)",
                              "schedule": "OneCycleLR(max_lr=1e-2, pct_start=0.25)", "batch": args.batch,
                              "epochs": args.epochs, "seed": SEED, "augmentation": "as train.py", "threads": 1},
                   "train_seconds": train_seconds, "test_accuracy": acc, "torch": torch.__version__, "log": log},
                  f, indent=1)


if __name__ == "__main__":
    main()
