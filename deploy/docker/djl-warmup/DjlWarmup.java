import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Runs once while an image is built (`java -cp "lib/main/*" DjlWarmup.java`), so that a container
 * never fetches or unpacks libtorch when it starts.
 *
 * <p>CPU images: DJL unpacks the libtorch of the bundled {@code pytorch-native-cpu} jar into
 * DJL_CACHE_DIR. CUDA image: with PYTORCH_FLAVOR=cu128, PYTORCH_VERSION set and no CPU native jar
 * on the class path, DJL downloads its CUDA build of libtorch into DJL_CACHE_DIR; the image then
 * points PYTORCH_LIBRARY_PATH at that folder, which this program checks.
 */
public final class DjlWarmup {

  public static void main(String[] args) throws IOException {
    String flavor = System.getenv().getOrDefault("PYTORCH_FLAVOR", "cpu");
    try {
      Engine engine = Engine.getEngine("PyTorch");
      System.out.printf(
          "DJL %s: PyTorch %s (%s) loaded%n", Engine.getDjlVersion(), engine.getVersion(), flavor);
    } catch (RuntimeException | LinkageError e) {
      // A CUDA libtorch may need the GPU driver's libcuda.so.1 just to load, and a build host has
      // none: loading may fail here, but the files must be in place all the same (checked below).
      if ("cpu".equals(flavor)) {
        throw e;
      }
      System.out.println("PyTorch " + flavor + " was not loaded on this build host: " + e);
    }
    String libraryPath = System.getenv("PYTORCH_LIBRARY_PATH");
    if (libraryPath == null) {
      return; // CPU image: DJL found everything in its cache, nothing to check
    }
    Path dir = Path.of(libraryPath);
    if (!Files.isRegularFile(dir.resolve("libtorch.so"))) {
      throw new IllegalStateException("no libtorch.so in PYTORCH_LIBRARY_PATH " + dir);
    }
    // DJL loads its JNI library from <cache>/<version>-<flavor>-<classifier>/<djl>-libdjl_torch.so,
    // copying it there from the pytorch-jni jar on first use: do that now if loading failed above.
    Path jni = dir.resolve(Engine.getDjlVersion() + "-libdjl_torch.so");
    if (!Files.exists(jni)) {
      String resource = "/jnilib/linux-x86_64/" + flavor + "/libdjl_torch.so";
      try (InputStream in = Engine.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no " + resource + " on the class path");
        }
        Files.copy(in, jni, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.println("libtorch and DJL's JNI library are in " + dir);
  }
}
