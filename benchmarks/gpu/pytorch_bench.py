"""The PyTorch side of benchmarks/gpu: the same models, data, batch sizes, optimizer and epochs as Program.cs.

Prints `RESULT pytorch NAME: X steps/s ...` lines that run.sh pairs with the TorchSharp ones.
Usage: python3 pytorch_bench.py DIGITS_CSV_GZ [DEVICE]
"""
import gzip, random, sys, time
import torch
from torch import nn

path = sys.argv[1] if len(sys.argv) > 1 else "data/digits.csv.gz"
dev = torch.device(sys.argv[2] if len(sys.argv) > 2 else "cuda")


def split(x, y, seed):
    g = torch.Generator().manual_seed(seed)
    idx = torch.randperm(len(y), generator=g)
    cut = len(y) - max(1, round(len(y) * 0.1))
    return x[idx[:cut]], y[idx[:cut]], x[idx[cut:]], y[idx[cut:]]


def fit(name, x, y, build, epochs, batch, shape=None, standardize=True):
    xt, yt, xv, yv = split(x, y, 1)
    if standardize:
        mean, std = xt.mean(0), xt.std(0, unbiased=False).clamp_min(1e-6)
        xt, xv = (xt - mean) / std, (xv - mean) / std
    if shape:
        xt, xv = xt.reshape(-1, *shape), xv.reshape(-1, *shape)
    xt, yt, xv, yv = xt.to(dev), yt.to(dev), xv.to(dev), yv.to(dev)
    steps = epochs * ((len(yt) + batch - 1) // batch)
    for timed in (False, True):
        torch.manual_seed(1)
        model = build().to(dev)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        gen = torch.Generator(device=dev).manual_seed(1)
        if dev.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(epochs if timed else 1):
            model.train()
            order = torch.randperm(len(yt), generator=gen, device=dev)
            for at in range(0, len(yt), batch):
                idx = order[at:at + batch]
                opt.zero_grad()
                loss = nn.functional.cross_entropy(model(xt[idx]), yt[idx])
                loss.item()  # TorchSharp's trainer reads every step's loss (logging, NaN check); so does this loop
                loss.backward()
                opt.step()
            model.eval()
            with torch.no_grad():
                out = model(xv)
                vloss = nn.functional.cross_entropy(out, yv).item()
                acc = (out.argmax(1) == yv).float().mean().item()
        if dev.type == "cuda":
            torch.cuda.synchronize()
        secs = time.perf_counter() - t0
        if timed:
            print(f"RESULT pytorch {name}: {steps / secs:.1f} steps/s ({secs:.2f} s, {steps} steps, val_loss {vloss:.4f}, val_accuracy {acc:.4f})", flush=True)


rows = [line.strip().split(",") for line in gzip.open(path, "rt") if line.strip()]
x = torch.tensor([[float(v) for v in r[:-1]] for r in rows])
y = torch.tensor([int(float(r[-1])) for r in rows])
fit("digits_cnn", x, y, lambda: nn.Sequential(
    nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(64 * 4 * 4, 128), nn.ReLU(), nn.Linear(128, 10)), 30, 64, shape=(1, 8, 8))

rng = random.Random(1)
n, f = 1_000_000, 20
xs = torch.rand(n, f, generator=torch.Generator().manual_seed(1)) * 2 - 1
w = torch.tensor([(j % 3 - 1) for j in range(f)], dtype=torch.float32)
ys = (xs @ w > 0).long()
fit("mlp_1m", xs, ys, lambda: nn.Sequential(nn.Linear(f, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 2)), 3, 1024, standardize=False)
