package dev.stride.bench;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Memory in use on a device, read the same way by every loop a benchmark compares: on a GPU the
 * device-wide figure cudaMemGetInfo gives (what PyTorch's {@code torch.cuda.mem_get_info} gives
 * too), through DJL, or from nvidia-smi where DJL cannot load libcudart; on the CPU this process's
 * resident set. A loop that leaks per-step arrays grows it epoch after epoch.
 */
final class DeviceMemory {

  private DeviceMemory() {}

  /** What {@link #used} reads on {@code device}. */
  static String source(Device device) {
    if (!device.isGpu()) {
      return "process rss";
    }
    try {
      CudaUtils.getGpuMemory(device);
      return "cuda mem_get_info used";
    } catch (RuntimeException e) {
      return "nvidia-smi memory.used";
    }
  }

  /** Bytes in use now; -1 if they cannot be read. */
  static long used(Device device) {
    if (!device.isGpu()) {
      return residentSetBytes();
    }
    try {
      return CudaUtils.getGpuMemory(device).getUsed();
    } catch (RuntimeException e) {
      return nvidiaSmiUsed(device.getDeviceId());
    }
  }

  private static long residentSetBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static long nvidiaSmiUsed(int gpu) {
    try {
      Process smi =
          new ProcessBuilder(
                  "nvidia-smi",
                  "--query-gpu=memory.used",
                  "--format=csv,noheader,nounits",
                  "-i",
                  Integer.toString(gpu))
              .redirectErrorStream(true)
              .start();
      String out = new String(smi.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      if (!smi.waitFor(10, TimeUnit.SECONDS) || smi.exitValue() != 0) {
        return -1;
      }
      return Long.parseLong(out.trim()) * 1024 * 1024; // MiB
    } catch (IOException | NumberFormatException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
