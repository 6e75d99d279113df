package dev.stride.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource: starts a {@link DevStack} before the application and points the
 * application at it ({@code kafka.bootstrap.servers}, {@code stride.store.*}). Tests reach it with
 * {@code @InjectDevStack}.
 */
public final class DevStackTestResource implements QuarkusTestResourceLifecycleManager {

  private DevStack stack;

  @Override
  public Map<String, String> start() {
    try {
      Path target = Path.of("target");
      Files.createDirectories(target);
      Path dir = Files.createTempDirectory(target.toAbsolutePath(), "devstack-");
      stack = DevStack.builder().setDirectory(dir).build().start();
      return stack.serviceProperties();
    } catch (java.io.IOException e) {
      throw new DevStackException("cannot create a devstack folder under target/", e);
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        stack, new TestInjector.AnnotatedAndMatchesType(InjectDevStack.class, DevStack.class));
  }

  @Override
  public void stop() {
    if (stack != null) {
      stack.close();
    }
  }
}
