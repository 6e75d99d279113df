import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Runs once while an image is built (`java -cp "lib/main/*" DjlWarmup.java`), so that a container
 * never fetches or unpacks libtorch when it starts.
 *
 * <p>CPU images: DJL unpacks the libtorch of the bundled {@code pytorch-native-cpu} jar into
 * DJL_CACHE_DIR. CUDA image: the Dockerfile has put PyTorch's cu128 libtorch (checked against its
 * SHA-256) in PYTORCH_LIBRARY_PATH; this program checks it is there, loads it if the build host
 * allows, and places DJL's JNI library where DJL looks for it.
 *
 * <p>With {@code --libtorch-at-run-time} (an image built without libtorch, which is mounted when
 * the container runs) only the JNI library is placed: loading the engine would make DJL download
 * libtorch, which is what such an image must not do.
 */
public final class DjlWarmup {

  public static void main(String[] args) throws IOException {
    String flavor = System.getenv().getOrDefault("PYTORCH_FLAVOR", "cpu");
    boolean libtorchAtRunTime = List.of(args).contains("--libtorch-at-run-time");
    String libraryPath = System.getenv("PYTORCH_LIBRARY_PATH");
    if (libraryPath != null && !libtorchAtRunTime) {
      for (String library : "cpu".equals(flavor)
          ? List.of("libtorch.so")
          : List.of("libtorch.so", "libtorch_cuda.so")) {
        if (!Files.isRegularFile(Path.of(libraryPath, library))) {
          throw new IllegalStateException("no " + library + " in PYTORCH_LIBRARY_PATH " + libraryPath);
        }
      }
    }
    if (!libtorchAtRunTime) {
      load(flavor);
    }
    if (libraryPath == null) {
      return; // CPU image: DJL found everything in its cache, nothing to check
    }
    placeJni(flavor);
  }

  private static void load(String flavor) {
    try {
      Engine engine = Engine.getEngine("PyTorch");
      System.out.printf(
          "DJL %s: PyTorch %s (%s) loaded%n", Engine.getDjlVersion(), engine.getVersion(), flavor);
    } catch (RuntimeException | LinkageError e) {
      // A CUDA libtorch may need the GPU driver's libcuda.so.1 just to load, and a build host has
      // none: loading may fail here, but the files must be in place all the same (checked above).
      if ("cpu".equals(flavor)) {
        throw e;
      }
      System.out.println("PyTorch " + flavor + " was not loaded on this build host: " + e);
    }
  }

  /**
   * DJL loads its JNI library from {@code <DJL_CACHE_DIR>/pytorch/<version>-<flavor>-<classifier>/
   * <djl version>-libdjl_torch.so}, copying it there from the pytorch-jni jar on first use, which a
   * container's user could not do: copy it now if loading did not.
   */
  private static void placeJni(String flavor) throws IOException {
    String version = System.getenv("PYTORCH_VERSION");
    if (version == null) {
      throw new IllegalStateException("PYTORCH_VERSION is not set beside PYTORCH_LIBRARY_PATH");
    }
    Path dir = Utils.getEngineCacheDir("pytorch").resolve(version + "-" + flavor + "-linux-x86_64");
    Path jni = dir.resolve(Engine.getDjlVersion() + "-libdjl_torch.so");
    if (!Files.exists(jni)) {
      String resource = "/jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so";
      try (InputStream in = Engine.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no " + resource + " on the class path");
        }
        Files.createDirectories(dir);
        Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.println("DJL's JNI library is " + jni);
  }
}
