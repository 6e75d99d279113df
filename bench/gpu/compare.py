"""Puts the training-loop JSON lines of one device call side by side: for each architecture and
batch size, the median images/s of Stride's trainer loop, the bare DJL loop and PyTorch eager, their
ratios, and device memory. Prints one JSON document.

    python3 bench/gpu/compare.py training-loop.jsonl
"""
import json
import sys


def main(path):
    rows = {}
    meta = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            bench = json.loads(line)
            key = (bench["architecture"], bench["batch_size"])
            row = rows.setdefault(key, {"architecture": key[0], "batch_size": key[1],
                                        "parameters": {}, "loops": {}})
            for name, loop in bench["loops"].items():
                row["loops"][name] = loop
                row["parameters"][name] = bench["parameters"]
            if "concurrent" in bench:
                row["concurrent"] = bench["concurrent"]
            if "pytorch_eager" in bench["loops"]:
                meta["pytorch"] = bench["engine"]
                meta["gpu"] = bench.get("gpu")
            else:
                meta["stride"] = bench["engine"] + " through DJL, on " + bench["device"]
            meta["input"] = bench["input"]
            meta["train_images"] = bench["train_images"]
            meta["epochs_per_repetition"] = bench["epochs"]
            meta["repetitions"] = bench["repetitions"]

    table = []
    for row in rows.values():
        loops = row["loops"]
        median = {n: l["images_per_second"]["median"] for n, l in loops.items()}
        out = {
            "architecture": row["architecture"],
            "batch_size": row["batch_size"],
            "same_parameter_count": len(set(row["parameters"].values())) == 1,
            "images_per_second": {
                n: {k: l["images_per_second"][k] for k in ("median", "min", "max")}
                for n, l in loops.items()},
            "max_device_memory_bytes": {n: l["max_device_memory_bytes"] for n, l in loops.items()},
            "device_memory_bytes_per_epoch": {
                n: l["device_memory_bytes_per_epoch"] for n, l in loops.items()},
            "val_accuracy": {n: l.get("val_accuracy") for n, l in loops.items()},
        }
        if "stride_trainer" in median and "pytorch_eager" in median:
            out["ratio_stride_to_pytorch"] = round(
                median["stride_trainer"] / median["pytorch_eager"], 3)
        if "bare_djl" in median and "pytorch_eager" in median:
            out["ratio_bare_djl_to_pytorch"] = round(median["bare_djl"] / median["pytorch_eager"], 3)
        if "stride_trainer" in median and "bare_djl" in median:
            out["ratio_trainer_to_bare"] = round(median["stride_trainer"] / median["bare_djl"], 3)
        if "concurrent" in row:
            # several runs of the trainer's loop at once in one process (--concurrent-runs)
            out["concurrent_runs"] = row["concurrent"]
        table.append(out)
    print(json.dumps({"benchmark": "training-loop", **meta, "results": table}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
