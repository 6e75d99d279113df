package dev.stride.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a running {@link DevStack}: declare a {@code DevStack} parameter
 * on a test, a constructor or a {@code @BeforeAll} method. One stack serves every test class of the
 * test run and stops when the run ends; its data lives under {@code target/devstack-*}.
 */
public final class DevStackExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DevStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(DevStackExtension.class))
        .computeIfAbsent(RunningStack.class, key -> RunningStack.start(), RunningStack.class)
        .stack();
  }

  /** Stops the stack when JUnit closes the root store at the end of the run. */
  private record RunningStack(DevStack stack) implements AutoCloseable {

    static RunningStack start() {
      try {
        Path target = Path.of("target");
        Files.createDirectories(target);
        Path dir = Files.createTempDirectory(target.toAbsolutePath(), "devstack-");
        return new RunningStack(DevStack.builder().setDirectory(dir).build().start());
      } catch (java.io.IOException e) {
        throw new DevStackException("cannot create a devstack folder under target/", e);
      }
    }

    @Override
    public void close() {
      stack.close();
    }
  }
}
