"""Stages what bench/gpu/pipeline.sh runs on the GPU machine (which has no Java build, no network)
into one tar, written to stdout (pack.sh compresses it). Extracted there with `tar x -C /`:

  root/.m2/repository/...                    the jars the class paths name, at the paths they name
                                             (the devstack's Kafka and S3 class path files hold
                                             absolute paths into the local Maven repository)
  tmp/stride-stack/home/services/<s>/target/quarkus-app/   each service, as `mvn package` left it
  tmp/stride-stack/home/<module>/target/*.jar              the reactor jars the bench runs on
  tmp/stride-stack/home/bench/target/classes, classpath.device.txt

So that it fits a device call (64 MiB): DJL's CPU libtorch jar (111 MB; the GPU machine brings its
own libtorch) becomes an empty jar; native libraries for other platforms than linux x86-64 are left
out of every jar; jars are rewritten with their entries stored, not deflated, and identical files
are stored once (hard links), so that xz sees the class files themselves and compresses them
together. The Java code is unchanged: stored or deflated, a jar reads the same.

  python3 bench/gpu/stack.py > stack.tar      (from the project root, after mvn package)
"""
import hashlib
import io
import os
import re
import sys
import tarfile
import zipfile

ROOT = os.getcwd()
HOME = "tmp/stride-stack/home"  # where the checkout's files go on the device (no leading /)
SERVICES = ["ingestion", "trainer", "evaluator", "predictor", "console"]
NATIVE = re.compile(r"\.(so|so\.\d+.*|dll|dylib|jnilib|a)$", re.I)
FOREIGN = re.compile(
    r"(darwin|macos|mac/|osx|windows|win32|win64|aix|freebsd|openbsd|sunos|solaris|android|"
    r"aarch_?64|arm|ppc|s390|mips|riscv|loongarch|i386|x86(?![-_]?64))", re.I)
# whole jars of other platforms, named on the S3 server's class path
FOREIGN_JAR = re.compile(r"-(windows|osx|linux-aarch_64)-[a-z0-9_]+\.jar$")


def empty_jar():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w"):
        pass
    return out.getvalue()


def stored(path):
    """The jar's bytes with every entry stored and foreign native libraries left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as jar, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in jar.infolist():
            name = info.filename
            if NATIVE.search(name) and (name.lower().endswith((".dll", ".dylib", ".jnilib"))
                                        or FOREIGN.search(name)):
                continue
            entry = zipfile.ZipInfo(name, info.date_time)
            entry.external_attr = info.external_attr
            entry.compress_type = zipfile.ZIP_STORED
            copy.writestr(entry, jar.read(info))
    return out.getvalue()


def content(path):
    if "pytorch-native-cpu" in os.path.basename(path):
        return empty_jar()
    if path.endswith(".jar"):
        return stored(path)
    with open(path, "rb") as f:
        return f.read()


def classpath(file):
    with open(file) as f:
        return [p for p in f.read().strip().split(":") if p]


def main():
    files = {}  # name in the archive -> file here
    for s in SERVICES:
        app = os.path.join(ROOT, "services", s, "target", "quarkus-app")
        if not os.path.isdir(app):
            sys.exit(f"{app} is missing: run mvn -DskipTests package first")
        for d, _, names in os.walk(app):
            for n in names:
                here = os.path.join(d, n)
                files[f"{HOME}/{os.path.relpath(here, ROOT)}"] = here
    runtime = [os.path.join(ROOT, f"libs/devstack/{r}-runtime/target/classes/META-INF/stride/"
                                  f"{r}-runtime.classpath") for r in ("kafka", "s3")]
    bench = classpath(os.path.join(ROOT, "bench/target/classpath.txt"))
    device_cp = []
    for jar in [j for f in runtime for j in classpath(f)] + bench:
        if FOREIGN_JAR.search(jar) or not os.path.isfile(jar):
            continue
        if jar.startswith(ROOT + os.sep):
            name = f"{HOME}/{os.path.relpath(jar, ROOT)}"
        else:
            name = jar.lstrip("/")
        files[name] = jar
    for jar in bench:
        if "pytorch-native-cpu" in jar:
            continue  # the device's own libtorch is used
        device_cp.append("@HOME@/" + os.path.relpath(jar, ROOT) if jar.startswith(ROOT + os.sep)
                         else jar)
    classes = os.path.join(ROOT, "bench/target/classes")
    for d, _, names in os.walk(classes):
        for n in names:
            here = os.path.join(d, n)
            files[f"{HOME}/{os.path.relpath(here, ROOT)}"] = here

    first = {}  # digest -> name stored first; later copies become hard links to it
    with tarfile.open(fileobj=sys.stdout.buffer, mode="w|") as tar:
        extra = ("\n".join(device_cp) + "\n").encode()
        info = tarfile.TarInfo(f"{HOME}/bench/target/classpath.device.txt")
        info.size = len(extra)
        tar.addfile(info, io.BytesIO(extra))
        for name in sorted(files):
            data = content(files[name])
            digest = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(name)
            info.mode = 0o644
            if digest in first:
                info.type = tarfile.LNKTYPE
                info.linkname = first[digest]
                tar.addfile(info)
            else:
                first[digest] = name
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    print(f"stack: {len(files)} files, {len(first)} distinct", file=sys.stderr)


if __name__ == "__main__":
    main()
