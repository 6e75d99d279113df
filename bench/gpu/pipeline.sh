#!/usr/bin/env bash
# The whole stack on the GPU, timed (bench PipelineBench): the devstack (Kafka, S3Proxy) and every
# service as its own process, computing on DEVICE; a synthetic CIFAR-sized dataset (50k/10k/10k);
# the notebook's recipe (alexnet-mini, 10 epochs, batch 128) requested as a training event. On the
# device machine, from the project root, with .gpu-stack carried, after check.sh ran on the same
# warm machine (it leaves DJL's JNI and the Java runtime in /tmp/stride-gpu):
#   bash bench/gpu/pipeline.sh [DEVICE] [PipelineBench options]      DEVICE: default auto
# Writes $OUT/pipeline.json and $OUT/pipeline-logs.tgz (every process's log).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OUT="${OUT:-/tmp/stride-gpu-out}"
W="${STRIDE_GPU_WORK:-/tmp/stride-gpu}"
S="${STRIDE_STACK:-/tmp/stride-stack}"
ROOT_DIR="${STRIDE_STACK_ROOT:-/}" # where the archive's tmp/ and root/ folders land
mkdir -p "$OUT"
if [[ ! -x "$W/jre/bin/java" || ! -f "$W/torch/libdjl_torch.so" ]]; then
  echo "no Java runtime or DJL JNI in $W: run bench/gpu/check.sh on this machine first" >&2
  exit 2
fi
if [[ ! -d "$S/home" ]]; then
  t0=$(date +%s)
  tar xJf .gpu-stack/stack.tar.xz -C "$ROOT_DIR" || exit 1
  echo "stack unpacked in $(($(date +%s) - t0)) s"
fi
export PYTORCH_LIBRARY_PATH="${PYTORCH_LIBRARY_PATH:-$W/torch}" PYTORCH_VERSION=2.7.1
export PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cu128}" JAVA_HOME="$W/jre" PATH="$W/jre/bin:$PATH"
CP="$S/home/bench/target/classes:$(sed "s#@HOME@#$S/home#" "$S/home/bench/target/classpath.device.txt" | paste -sd: -)"
DEVICE="${1:-auto}"
shift || true
rm -rf "$S/run"
java -Dstride.home="$S/home" -cp "$CP" dev.stride.bench.PipelineBench --device "$DEVICE" \
  --dir "$S/run" "$@" | tee "$OUT/pipeline.json"
status=${PIPESTATUS[0]}
tar czf "$OUT/pipeline-logs.tgz" -C "$S/run" logs 2>/dev/null
exit "$status"
