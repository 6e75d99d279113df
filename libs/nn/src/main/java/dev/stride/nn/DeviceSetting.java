package dev.stride.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service computes, from a setting such as {@code trainer.device}: "auto" (the first GPU
 * the engine sees, else the CPU), "cpu", "gpu" (the first GPU) or "gpuN" (DJL's names), and the
 * forms people write for them elsewhere: "gpu(N)" and "cpu()" (how DJL prints a device), "cuda" and
 * "cuda:N" (PyTorch's). Anything else is refused with the key, the value and the accepted forms,
 * and so is a GPU the engine does not see: a service checks its setting when it starts, rather than
 * failing every request later.
 */
public final class DeviceSetting {

  /** The forms {@link #of} accepts, as its refusals list them. */
  public static final String ACCEPTED = "auto, cpu, gpu, gpuN, gpu(N), cuda or cuda:N";

  // gpu, gpu0, gpu(0), cuda, cuda:0
  private static final Pattern GPU =
      Pattern.compile("(?:gpu(?:(\\d{1,3})|\\((\\d{1,3})\\))?|cuda(?::(\\d{1,3}))?)");
  // DJL's own GPU count reads libcudart through JNA; where that library is not on the loader's
  // path (a pip-installed CUDA torch, say) it answers 0, so GPUs are then counted by using them
  private static final int MOST_GPUS_PROBED = 16;

  private final String key;
  private final String value;
  private final Device fixed; // null for auto
  private final Device resolved;

  private DeviceSetting(String key, String value, Device fixed, Device resolved) {
    this.key = key;
    this.value = value;
    this.fixed = fixed;
    this.resolved = resolved;
  }

  /**
   * Reads {@code value}, the setting {@code key}, and checks it against the engine.
   *
   * @throws InvalidDeviceException if the value is no device, or names a GPU the engine does not
   *     see
   */
  public static DeviceSetting of(String key, String value) {
    Device fixed = parse(key, value);
    Engine engine = Engine.getInstance();
    int gpus = gpuCount(engine);
    if (fixed == null) {
      return new DeviceSetting(key, value, null, gpus > 0 ? Device.gpu(0) : Device.cpu());
    }
    if (fixed.isGpu() && fixed.getDeviceId() >= gpus) {
      throw new InvalidDeviceException(
          key,
          value,
          "names "
              + djlName(fixed)
              + ", but the engine ("
              + engine.getEngineName()
              + " "
              + engine.getVersion()
              + ") sees "
              + (gpus == 0
                  ? "no GPU"
                  : gpus == 1 ? "1 GPU, gpu0" : gpus + " GPUs, gpu0 to gpu" + (gpus - 1)));
    }
    return new DeviceSetting(key, value, fixed, fixed);
  }

  /**
   * The device {@code value} names, in DJL's terms; null for "auto".
   *
   * @throws InvalidDeviceException if it is none of {@link #ACCEPTED}
   */
  static Device parse(String key, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("auto")) {
      return null;
    }
    if (v.equals("cpu") || v.equals("cpu()")) {
      return Device.cpu();
    }
    Matcher gpu = GPU.matcher(v);
    if (gpu.matches()) {
      for (int group = 1; group <= 3; group++) {
        if (gpu.group(group) != null) {
          return Device.gpu(Integer.parseInt(gpu.group(group)));
        }
      }
      return Device.gpu(0);
    }
    throw new InvalidDeviceException(key, value, "is not a device");
  }

  /** The device: for "auto", the one chosen when the setting was read. */
  public Device device() {
    return resolved;
  }

  /**
   * For work split across devices: "auto" gives up to {@code wanted} GPUs, or the CPU when there is
   * none; a named device is the only one.
   */
  public Device[] devices(int wanted) {
    if (fixed != null || !resolved.isGpu()) {
      return new Device[] {resolved};
    }
    int n = Math.max(1, Math.min(wanted, gpuCount(Engine.getInstance())));
    Device[] devices = new Device[n];
    for (int i = 0; i < n; i++) {
      devices[i] = Device.gpu(i);
    }
    return devices;
  }

  /** As the service was configured, e.g. "trainer.device=auto (gpu(0))". */
  @Override
  public String toString() {
    return key + "=" + value + " (" + resolved + ")";
  }

  /** How many GPUs the engine can compute on. */
  static int gpuCount(Engine engine) {
    if (!engine.hasCapability(StandardCapabilities.CUDA)) {
      return 0; // a CPU build of libtorch, or no CUDA device at all
    }
    int counted = engine.getGpuCount();
    if (counted > 0) {
      return counted;
    }
    int usable = 0;
    while (usable < MOST_GPUS_PROBED && usable(engine, Device.gpu(usable))) {
      usable++;
    }
    return usable;
  }

  private static boolean usable(Engine engine, Device device) {
    try (NDManager manager = engine.newBaseManager(device)) {
      manager.zeros(new Shape(1)).toFloatArray();
      return true;
    } catch (EngineException | IllegalArgumentException e) {
      return false; // e.g. "CUDA error: invalid device ordinal"
    }
  }

  /** "gpu1", the name DJL's Device.fromName takes. */
  private static String djlName(Device device) {
    return device.isGpu() ? "gpu" + device.getDeviceId() : "cpu";
  }

  /** A device setting that names no device, or one the engine does not see. */
  public static final class InvalidDeviceException extends IllegalArgumentException {

    InvalidDeviceException(String key, String value, String problem) {
      super(key + "=\"" + value + "\" " + problem + "; use " + ACCEPTED);
    }
  }
}
