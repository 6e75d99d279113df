package dev.stride.devstack.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is (bin/stride passes {@code -Dstride.home}) and what lives in it. */
public final class StackPaths {

  private StackPaths() {}

  public static Path home() {
    return Path.of(System.getProperty("stride.home", ".")).toAbsolutePath().normalize();
  }

  /** A service's runnable jar, as {@code mvn package} leaves it. */
  public static Path serviceJar(String service) {
    Path jar =
        home().resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "service "
              + service
              + " is not built ("
              + jar
              + " is missing); run: mvn -DskipTests package");
    }
    return jar;
  }

  /** Where local stacks keep data and logs, ignored by git. */
  public static Path stateDirectory() {
    return home().resolve(".stride");
  }
}
