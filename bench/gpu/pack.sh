#!/usr/bin/env bash
# Packs what the GPU checks need, here, for the device machine (one NVIDIA GPU, CUDA PyTorch in
# python3, no Java, no network). From the project root, after `mvn -DskipTests package`:
#   bench/gpu/pack.sh
# writes (both git-ignored through .git/info/exclude):
#   .gpu/         the shared kit (../shared/gpu/pack.sh: DJL's JNI sources, the bench's jars and
#                 classes) with a Java runtime able to run every JVM of the stack (Quarkus, the Kafka
#                 broker, S3Proxy): what check.sh needs. Carry it in the first device call.
#   .gpu-stack/   stack.tar.xz, every service and the devstack's jars (bench/gpu/stack.py): what
#                 pipeline.sh needs. Carry it in the next call, while the machine is still warm.
# Each must stay under the 64 MiB a device call carries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
KIT="${STRIDE_GPU_KIT:-../shared/gpu}"
[[ -f bench/target/classpath.txt ]] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }

"$KIT/pack.sh"

# the kit's runtime holds what TrainingLoopBench loads; the stack's JVMs need more of the JDK
# (SASL for Kafka, the HTTP server of the devstack's control port, JMX, ...), and the pictures need
# fonts: the device image has no fontconfig, no fonts and no libfreetype, and a JDK built against
# the system's libfreetype (Debian's) cannot draw a label there (java.lang.Error). So the runtime
# comes from a JDK that carries its own libfreetype (Temurin's), with DejaVu Sans in lib/fonts and
# a fontconfig.properties naming it. Uncompressed modules compress better under xz than jlink's.
jdk="${GPU_JDK:-$(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V | tail -1)}"
if [[ ! -f "$jdk/lib/libfreetype.so" ]]; then
  echo "GPU_JDK=$jdk carries no libfreetype.so: set GPU_JDK to a Temurin JDK (17 or later)" >&2
  exit 1
fi
fonts="${GPU_FONTS:-/usr/share/fonts/truetype/dejavu}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$jdk/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.management.agent,\
jdk.httpserver,jdk.crypto.cryptoki,jdk.zipfs,jdk.naming.dns,jdk.net,jdk.jfr,jdk.charsets,\
jdk.security.auth,jdk.security.jgss,jdk.localedata \
  --strip-debug --no-header-files --no-man-pages --output "$tmp/jre" >/dev/null
mkdir -p "$tmp/jre/lib/fonts"
cp "$fonts/DejaVuSans.ttf" "$fonts/DejaVuSans-Bold.ttf" "$tmp/jre/lib/fonts/"
cp bench/gpu/fontconfig.properties "$tmp/jre/lib/"
tar cf - -C "$tmp" jre | xz -9 -T2 > .gpu/jre.tar.xz

grep -qx '/.gpu-stack/' .git/info/exclude 2>/dev/null || echo '/.gpu-stack/' >> .git/info/exclude
rm -rf .gpu-stack && mkdir -p .gpu-stack
python3 bench/gpu/stack.py | xz -9 -T2 > .gpu-stack/stack.tar.xz

limit=$((64 * 1024 * 1024))
tree=$(git ls-files -z | du -cb --files0-from=- | tail -1 | cut -f1)
for d in .gpu .gpu-stack; do
  size=$(du -sb "$d" | cut -f1)
  echo "packed $d: $((size / 1024 / 1024)) MiB (+ $((tree / 1024 / 1024)) MiB of tracked files; a call carries 64 MiB)"
  if (( size + tree > limit )); then echo "  $d is too large for one device call" >&2; exit 1; fi
done
