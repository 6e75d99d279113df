"""PyTorch-eager reference beside Stride's TrainingLoopBench: same spec, data file, split, batches
and clock, so that one GPU call prints both engines' images/s side by side.

    python3 bench/pytorch/training_loop.py --dataset cifar.bin --architecture resnet-20
    python3 bench/pytorch/training_loop.py --count-parameters alexnet-mini   # needs no torch

One JSON line on stdout, progress on stderr. Python 3, numpy and torch only.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import numpy as np

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError:  # --count-parameters runs without PyTorch
    torch = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PRESETS = os.path.join(ROOT, "libs/nn/src/main/resources/dev/stride/nn/presets")
CLASSES = 10
RECORD = 3073  # CIFAR-10 binary: 1 label byte, then 3072 pixel bytes in CHW order
INPUT = "uint8 records on the host, one transfer to the device per batch"


# --- the spec, read as Stride's ShapeInference reads it (pure Python) ---------------------------

def load_spec(name):
    is_file = name.endswith(".json") or os.sep in name
    path = name if is_file else os.path.join(PRESETS, name + ".json")
    if not os.path.isfile(path):
        known = sorted(f[:-5] for f in os.listdir(PRESETS) if f.endswith(".json"))
        sys.exit(f"no architecture '{name}': give a .json spec or one of {', '.join(known)}")
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    if spec.get("input", [32, 32, 3]) != [32, 32, 3]:
        sys.exit("'input' must be [32, 32, 3]: Stride trains on CIFAR images")
    return spec


def out_size(n, kernel, stride, padding):
    """TensorFlow's: ceil(n/s) for 'same', floor((n-k)/s)+1 for 'valid'."""
    return (n + stride - 1) // stride if padding == "same" else (n - kernel) // stride + 1


def slide(shape, kernel, stride, padding, channels):
    h, w = (out_size(n, kernel, stride, padding) for n in shape[:2])
    if h < 1 or w < 1:
        sys.exit(f"a {kernel}x{kernel} window at stride {stride} does not fit {shape}")
    return (h, w, channels)


def same_padding(padding, n, out, kernel, stride):
    """(before, after) on one axis as TensorFlow pads 'same': an odd total puts one more after."""
    if padding != "same":
        return (0, 0)
    total = max((out - 1) * stride + kernel - n, 0)
    return (total // 2, total - total // 2)


def conv_params(kernel, cin, filters, bias=True):
    return kernel * kernel * cin * filters + (filters if bias else 0)


def plan(spec, classes=CLASSES):
    """Per layer (layer, input shape, output shape, parameters as DJL counts them); shapes are
    (H, W, C) volumes or (n,) vectors. DJL counts BatchNorm's running mean and variance among a
    block's parameters, and Stride's count is the sum over getParameters(), so a batch norm
    counts 4 per channel here (gamma and beta trained, the running stats not)."""
    shape, rows = (32, 32, 3), []
    for layer in spec["layers"]:
        kind = layer["type"]
        pad = str(layer.get("padding", "valid")).lower()
        if kind == "conv":
            filters = classes if layer["filters"] == "classes" else layer["filters"]
            out = slide(shape, layer["kernel"], layer.get("stride", 1), pad, filters)
            params = conv_params(layer["kernel"], shape[2], filters, layer.get("bias", True))
        elif kind in ("maxpool", "avgpool"):
            size = layer["size"]
            out, params = slide(shape, size, layer.get("stride", size), pad, shape[2]), 0
        elif kind == "batchnorm":
            out, params = shape, 4 * shape[-1]
        elif kind in ("dropout", "activation"):
            out, params = shape, 0
        elif kind == "flatten":
            out, params = (shape[0] * shape[1] * shape[2],), 0
        elif kind == "globalavgpool":
            out, params = (shape[2],), 0
        elif kind == "dense":
            units = classes if layer["units"] == "classes" else layer["units"]
            out, params = (units,), (shape[0] + 1) * units
        elif kind == "residual":
            f, cin = layer["filters"], shape[2]
            out = slide(shape, 3, layer.get("stride", 1), "same", f)
            params = conv_params(3, cin, f) + conv_params(3, f, f) + 2 * 4 * f
            if layer.get("stride", 1) != 1 or cin != f:  # the 1x1 projection shortcut
                params += conv_params(1, cin, f)
        else:
            sys.exit(f"unknown layer type '{kind}'")
        rows.append((layer, shape, out, params))
        shape = out
    return rows


def count_parameters(spec, classes=CLASSES):
    return sum(row[3] for row in plan(spec, classes))


# --- the same network as PyTorch modules --------------------------------------------------------

if torch is not None:
    ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}

    class Residual(nn.Module):
        """Stride's basic block: relu(main(x) + shortcut(x)), main = conv-BN-ReLU-conv-BN, the
        shortcut the identity or a 1x1 'valid' convolution at the block's stride, with bias."""

        def __init__(self, main, shortcut):
            super().__init__()
            self.main, self.shortcut = main, shortcut

        def forward(self, x):
            return F.relu(self.main(x) + self.shortcut(x))


def conv(cin, filters, kernel, stride, padding, bias, shape_in, shape_out):
    top, bottom = same_padding(padding, shape_in[0], shape_out[0], kernel, stride)
    left, right = same_padding(padding, shape_in[1], shape_out[1], kernel, stride)
    if top == bottom and left == right:
        return [nn.Conv2d(cin, filters, kernel, stride, padding=(top, left), bias=bias)]
    # uneven 'same' (stride 2 on 32 pixels): as Stride, pad explicitly (F.pad), then 'valid'
    return [nn.ZeroPad2d((left, right, top, bottom)),
            nn.Conv2d(cin, filters, kernel, stride, bias=bias)]


def batch_norm(shape):
    # DJL's BatchNorm keeps 0.9 of the running stats per step: PyTorch's momentum 0.1
    norm = nn.BatchNorm2d if len(shape) == 3 else nn.BatchNorm1d
    return norm(shape[-1], eps=1e-5, momentum=0.1)


def modules(layer, shape_in, shape_out):
    kind = layer["type"]
    act = [ACTIVATIONS[layer["activation"]]()] if layer.get("activation") else []
    pad = str(layer.get("padding", "valid")).lower()
    if kind == "conv":
        return conv(shape_in[2], shape_out[2], layer["kernel"], layer.get("stride", 1), pad,
                    layer.get("bias", True), shape_in, shape_out) + act
    if kind in ("maxpool", "avgpool"):
        # as Stride: the 'same' total split symmetrically, an odd one left to ceil mode
        size = layer["size"]
        stride = layer.get("stride", size)
        top, bottom = same_padding(pad, shape_in[0], shape_out[0], size, stride)
        left, right = same_padding(pad, shape_in[1], shape_out[1], size, stride)
        ceil = top != bottom or left != right
        if kind == "maxpool":
            return [nn.MaxPool2d(size, stride, padding=(top, left), ceil_mode=ceil)]
        return [nn.AvgPool2d(size, stride, padding=(top, left), ceil_mode=ceil,
                             count_include_pad=False)]  # padding never counts, as Keras
    if kind == "batchnorm":
        return [batch_norm(shape_in)]
    if kind == "dropout":
        return [nn.Dropout(layer["rate"])]
    if kind == "flatten":
        return [nn.Flatten()]  # (N, C, H, W) -> (N, C*H*W): NCHW order, as DJL's batchFlatten
    if kind == "globalavgpool":
        return [nn.AdaptiveAvgPool2d(1), nn.Flatten()]  # (N, C, H, W) -> (N, C)
    if kind == "dense":
        return [nn.Linear(shape_in[0], shape_out[0])] + act
    if kind == "activation":
        return act
    if kind == "residual":
        cin, f, stride = shape_in[2], shape_out[2], layer.get("stride", 1)
        main = nn.Sequential(*conv(cin, f, 3, stride, "same", True, shape_in, shape_out),
                             batch_norm(shape_out), nn.ReLU(),
                             *conv(f, f, 3, 1, "same", True, shape_out, shape_out),
                             batch_norm(shape_out))
        projects = stride != 1 or cin != f
        return [Residual(main, nn.Conv2d(cin, f, 1, stride) if projects else nn.Identity())]
    raise ValueError(kind)


def build_model(spec):
    model = nn.Sequential(*[m for layer, i, o, _ in plan(spec) for m in modules(layer, i, o)])
    # DJL's default init, matched in distribution (not in values): weights N(0, 2/fan_in)
    # (Xavier gaussian, factor in, magnitude 2), biases 0, BN gamma 1 and beta 0
    for m in model.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    return model


def djl_parameter_count(model):
    """As DJL counts: the parameters plus BN's running mean and variance (buffers here)."""
    running = ("running_mean", "running_var")
    stats = sum(b.numel() for name, b in model.named_buffers() if name.endswith(running))
    return sum(p.numel() for p in model.parameters()) + stats


# --- the loop, as Stride's TrainingLoop runs it -------------------------------------------------

def to_device(records, device):
    r = torch.from_numpy(records).to(device)  # (n, 3073) uint8: one transfer per batch
    n = r.shape[0]
    y = r[:, 0].long()  # (n) int64
    x = r[:, 1:].reshape(n, 3, 32, 32).float().div_(255)  # (n, 3, 32, 32) float in [0, 1]
    return x, y


def train_epoch(model, optimizer, train, batch_size, seed, device):
    """One timed pass: (images, seconds, mean loss, accuracy). The sums stay on the device until
    the end, so the host never waits inside the epoch."""
    model.train()
    order = np.random.default_rng(seed).permutation(len(train))
    batches = math.ceil(len(train) / batch_size)  # the last one may be partial, as Stride's
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), dtype=torch.long, device=device)
    images = 0
    t0 = time.perf_counter()
    for b in range(batches):
        x, y = to_device(train[order[b * batch_size:(b + 1) * batch_size]], device)
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_sum += loss.detach() * len(y)
        correct += (logits.argmax(1) == y).sum()
        images += len(y)
    if device.type == "cuda":
        torch.cuda.synchronize(device)  # the clock stops when the device is done, as Stride's
    loss, accuracy = loss_sum.item() / images, correct.item() / images
    return images, time.perf_counter() - t0, loss, accuracy


def validate(model, validation, batch_size, device):
    """(mean loss, accuracy) in eval mode, in order, outside the clock."""
    model.eval()
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), dtype=torch.long, device=device)
    with torch.no_grad():
        for i in range(0, len(validation), batch_size):
            x, y = to_device(validation[i:i + batch_size], device)
            logits = model(x)
            loss_sum += F.cross_entropy(logits, y) * len(y)
            correct += (logits.argmax(1) == y).sum()
    model.train()
    return loss_sum.item() / len(validation), correct.item() / len(validation)


def memory(device):
    """(bytes in use device-wide, bytes PyTorch allocated) on CUDA; (process RSS, None) on CPU."""
    if device.type == "cuda":
        free, total = torch.cuda.mem_get_info(device)  # what cudaMemGetInfo gives Stride
        return total - free, torch.cuda.memory_allocated(device)
    try:
        with open("/proc/self/status") as f:
            kb = next(line.split()[1] for line in f if line.startswith("VmRSS:"))
        return int(kb) * 1024, None
    except (OSError, StopIteration):
        return None, None


def fresh(spec, device, seed):
    torch.manual_seed(seed)
    model = build_model(spec).to(device)
    # Keras' Adam, as Stride's; PyTorch's defaults otherwise (foreach on CUDA: what users get).
    # DJL folds Adam's bias correction into the learning rate, which scales epsilon a little
    # differently; no effect on speed.
    return model, torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dataset", help="CIFAR-10 binary file, as TrainingLoopBench --export writes")
    p.add_argument("--architecture", default="alexnet-mini", help="preset name or .json spec")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--epochs", type=int, default=2, help="timed epochs per repetition")
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--warmup-batches", type=int, default=10)
    p.add_argument("--device", help="cuda, cuda:N or cpu (default: cuda if available)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--count-parameters", metavar="NAME", help="print the count and exit")
    args = p.parse_args(argv)
    if args.count_parameters is None and args.dataset is None:
        p.error("--dataset is required")
    if min(args.batch_size, args.epochs, args.repetitions) < 1 or args.warmup_batches < 0:
        p.error("--batch-size, --epochs, --repetitions must be at least 1, --warmup-batches 0")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.count_parameters is not None:
        print(count_parameters(load_spec(args.count_parameters)))
        return
    if torch is None:
        sys.exit("training needs PyTorch (import torch failed)")
    spec = load_spec(args.architecture)
    records = np.fromfile(args.dataset, dtype=np.uint8)
    if records.size == 0 or records.size % RECORD:
        sys.exit(f"{args.dataset}: not a whole number of {RECORD}-byte CIFAR-10 records")
    records = records.reshape(-1, RECORD)
    held = max(1, min(1000, len(records) // 10))  # the Java bench's split
    train, validation = records[:len(records) - held], records[len(records) - held:]
    if len(train) == 0:
        sys.exit("too few records to hold out a validation set")

    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if device.type == "cuda" and device.index is None:
        device = torch.device("cuda", torch.cuda.current_device())
    # DJL leaves cuDNN's autotuner off, so do we; TF32 is left at PyTorch's defaults
    torch.backends.cudnn.benchmark = False
    parameters = djl_parameter_count(build_model(spec))
    if parameters != count_parameters(spec):
        sys.exit(f"the built model has {parameters} parameters, the spec {count_parameters(spec)}")
    bs = args.batch_size

    # warm-up, as the Java side's: a throwaway model trains one epoch of a few batches, the last
    # one as short as the real epochs' last (each shape's first use is paid here), and validates
    warm = train[:min(len(train), args.warmup_batches * bs + len(train) % bs)]
    model, optimizer = fresh(spec, device, args.seed)
    train_epoch(model, optimizer, warm, bs, args.seed, device)
    validate(model, validation, bs, device)
    del model, optimizer  # its memory stays in PyTorch's cache, as DJL's in libtorch's

    rates, used, allocated = [], [], []
    for rep in range(args.repetitions):
        model, optimizer = fresh(spec, device, args.seed + rep)
        images, seconds = 0, 0.0
        used.append([])
        allocated.append([])
        for epoch in range(1, args.epochs + 1):
            n, s, loss, acc = train_epoch(model, optimizer, train, bs, args.seed + epoch, device)
            images, seconds = images + n, seconds + s
            val_loss, val_acc = validate(model, validation, bs, device)
            u, a = memory(device)
            used[-1].append(u)
            allocated[-1].append(a)
            print(f"rep {rep + 1} epoch {epoch}: {n / s:.1f} images/s, loss {loss:.4f}, "
                  f"val_loss {val_loss:.4f}, val_accuracy {val_acc:.4f}", file=sys.stderr)
        rates.append(images / seconds)
        del model, optimizer

    def number(x, digits):
        return round(x, digits) if x is not None and math.isfinite(x) else None

    cuda = device.type == "cuda"
    measured = [u for rep in used for u in rep if u is not None]
    print(json.dumps({
        "benchmark": "training-loop",
        "engine": f"PyTorch {torch.__version__}",
        "device": str(device),
        "gpu": torch.cuda.get_device_name(device) if cuda else None,
        "architecture": spec.get("name", "sequential"),
        "parameters": parameters,  # as DJL counts them: BN running mean and variance included
        "train_images": len(train),
        "validation_images": len(validation),
        "batch_size": bs,
        "epochs": args.epochs,
        "repetitions": args.repetitions,
        "warmup_batches": args.warmup_batches,
        "input": INPUT,
        "loops": {"pytorch_eager": {
            "images_per_second": {
                "median": number(statistics.median(rates), 1),
                "min": number(min(rates), 1),
                "max": number(max(rates), 1),
                "samples": [number(r, 1) for r in rates],
            },
            "memory_source": "cuda mem_get_info used" if cuda else "process rss",
            "device_memory_bytes_per_epoch": used,
            "max_device_memory_bytes": max(measured) if measured else None,
            "allocated_bytes_per_epoch": allocated if cuda else None,
            "final_loss": number(loss, 4),  # the last epoch of the last repetition
            "val_accuracy": number(val_acc, 4),
        }},
    }, allow_nan=False))


if __name__ == "__main__":
    main()
