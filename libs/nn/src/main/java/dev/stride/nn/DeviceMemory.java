package dev.stride.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
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
public final class DeviceMemory {

  private DeviceMemory() {}

  /** What {@link #used} reads on {@code device}. */
  public static String source(Device device) {
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
  public static long used(Device device) {
    if (!device.isGpu()) {
      return residentSetBytes();
    }
    try {
      return CudaUtils.getGpuMemory(device).getUsed();
    } catch (RuntimeException e) {
      return nvidiaSmi(device.getDeviceId(), "memory.used");
    }
  }

  /**
   * Bytes a new run could still take now; -1 if unknown. On a GPU, PyTorch's cache of freed blocks
   * is handed back first, so that what the other runs of this process keep cached but do not use
   * counts as free (cudaMemGetInfo sees a cached block as used); on the CPU, the machine's
   * available memory (MemAvailable).
   */
  public static long free(Device device) {
    if (!device.isGpu()) {
      return meminfo("MemAvailable:");
    }
    if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
      JniUtils.emptyCudaCache();
    }
    try {
      MemoryUsage usage = CudaUtils.getGpuMemory(device);
      return usage.getMax() - usage.getCommitted();
    } catch (RuntimeException e) {
      return nvidiaSmi(device.getDeviceId(), "memory.free");
    }
  }

  private static long meminfo(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
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

  private static long nvidiaSmi(int gpu, String field) {
    try {
      Process smi =
          new ProcessBuilder(
                  "nvidia-smi",
                  "--query-gpu=" + field,
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
