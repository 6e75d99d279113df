package dev.stride.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The checkout whose deployment files are checked: system property {@code stride.checkout}. */
final class Checkout {

  static final Path ROOT =
      Path.of(System.getProperty("stride.checkout", "../..")).toAbsolutePath().normalize();

  private Checkout() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(String relative) {
    return read(path(relative));
  }

  /** The Quarkus services: every services/NAME with a src/main/resources/application.properties. */
  static List<String> services() {
    try (Stream<Path> dirs = Files.list(path("services"))) {
      return dirs.filter(dir -> Files.isRegularFile(applicationProperties(dir)))
          .map(dir -> dir.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path service(String name) {
    return path("services").resolve(name);
  }

  static Path applicationProperties(Path serviceDir) {
    return serviceDir.resolve("src/main/resources/application.properties");
  }
}
