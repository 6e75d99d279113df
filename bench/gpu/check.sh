#!/usr/bin/env bash
# The GPU checks, in one device call. On the device machine, from the project root, with .gpu
# carried (bench/gpu/pack.sh made it here):
#   bash bench/gpu/check.sh [DEVICE]          DEVICE: a Stride device setting, default gpu0
# 1. the training loop: Stride's trainer loop, a bare DJL loop (bench TrainingLoopBench) and PyTorch
#    eager (bench/pytorch/training_loop.py) on the same data file, model and recipe, for
#    alexnet-mini at batch 128 and 512 and resnet-20 at 128; bench/gpu/compare.py puts them side by
#    side (ratio_stride_to_pytorch); at alexnet-mini batch 128 the trainer's loop also trains
#    CONCURRENT runs at once (default 4; --concurrent-runs), for the many-runs-per-GPU figures;
# 2. every preset trains on the device and its checkpoint scores the same on the CPU (PresetsCheck;
#    "auto" as the device, so it also shows what auto picks), once with PyTorch's default TF32
#    convolutions and once with NVIDIA_TF32_OVERRIDE=0 (exact fp32);
# 3. a JFR recording of the trainer's loop (which JNI calls hold the host), for the speed work.
# Results go to $OUT (what the device tool brings back): training-loop.jsonl, training-loop.json,
# presets.json, presets-fp32.json, env.txt, check.log, trainer-loop.jfr. The JNI build and the Java runtime stay in
# /tmp/stride-gpu for pipeline.sh while the machine is warm.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-/tmp/stride-gpu-out}"
mkdir -p "$OUT"

if [[ "${1:-}" != "--inside" ]]; then
  # .gpu/run.sh builds DJL's JNI against the machine's torch, then runs us with java on PATH
  bash .gpu/run.sh --shell "bash bench/gpu/check.sh --inside ${1:-gpu0}" 2>&1 | tee "$OUT/check.log"
  exit "${PIPESTATUS[0]}"
fi
DEVICE="${2:-gpu0}"
IMAGES="${CHECK_IMAGES:-10000}" REPETITIONS="${CHECK_REPETITIONS:-3}" # smaller for a CPU smoke run
PRESETS="${CHECK_PRESETS:-}" # e.g. "--train-images 512 --epochs 2"
CONCURRENT="${CHECK_CONCURRENT:-4}"
T="$(mktemp -d)"
{
  date -u +"date %Y-%m-%dT%H:%M:%SZ"
  nvidia-smi -L 2>/dev/null || echo "no nvidia-smi"
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)' 2>&1
  java -version 2>&1 | head -1
} > "$OUT/env.txt"
cat "$OUT/env.txt"

echo "== 1. training loop: Stride vs bare DJL vs PyTorch eager"
java -cp "$GPU_CP" dev.stride.bench.TrainingLoopBench --images "$IMAGES" --export "$T/bench.bin"
: > "$OUT/training-loop.jsonl"
for config in "alexnet-mini 128" "alexnet-mini 512" "resnet-20 128"; do
  set -- $config
  echo "-- $1, batch $2"
  concurrent=1
  [[ "$config" == "alexnet-mini 128" ]] && concurrent="$CONCURRENT"
  java -cp "$GPU_CP" dev.stride.bench.TrainingLoopBench --dataset "$T/bench.bin" --images "$IMAGES" \
    --architecture "$1" --batch-size "$2" --epochs 2 --repetitions "$REPETITIONS" --device "$DEVICE" \
    --concurrent-runs "$concurrent" | tee -a "$OUT/training-loop.jsonl"
  python3 bench/pytorch/training_loop.py --dataset "$T/bench.bin" --architecture "$1" \
    --batch-size "$2" --epochs 2 --repetitions "$REPETITIONS" | tee -a "$OUT/training-loop.jsonl"
done
python3 bench/gpu/compare.py "$OUT/training-loop.jsonl" | tee "$OUT/training-loop.json"

echo "== 2. every preset on the device, its checkpoint on the CPU"
java -cp "$GPU_CP" dev.stride.bench.PresetsCheck --device auto $PRESETS | tee "$OUT/presets.json"
env NVIDIA_TF32_OVERRIDE=0 java -cp "$GPU_CP" dev.stride.bench.PresetsCheck --device auto $PRESETS | tee "$OUT/presets-fp32.json"

echo "== 3. where the host time of a training step goes (a JFR recording, for the GPU speed work)"
java -XX:StartFlightRecording=filename="$OUT/trainer-loop.jfr",settings=profile -cp "$GPU_CP" \
  dev.stride.bench.TrainingLoopBench --dataset "$T/bench.bin" --images "$IMAGES" --epochs 2 \
  --repetitions 1 --device "$DEVICE" > /dev/null
rm -rf "$T"
echo "== done"
