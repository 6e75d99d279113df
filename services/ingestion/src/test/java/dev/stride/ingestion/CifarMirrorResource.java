package dev.stride.ingestion;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts a {@link CifarMirror} and makes it the service's default source: a request without a
 * source downloads the mirror's archive, as it would the real one. Tests reach the mirror through a
 * field annotated {@link InjectMirror}.
 */
public final class CifarMirrorResource implements QuarkusTestResourceLifecycleManager {

  /** Marks a {@link CifarMirror} field of a test. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface InjectMirror {}

  private CifarMirror mirror;

  @Override
  public Map<String, String> start() {
    mirror = new CifarMirror();
    return Map.of(
        "ingestion.default-url", mirror.url(CifarMirror.ARCHIVE_PATH),
        "ingestion.default-md5", mirror.md5());
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        mirror, new TestInjector.AnnotatedAndMatchesType(InjectMirror.class, CifarMirror.class));
  }

  @Override
  public void stop() {
    if (mirror != null) {
      mirror.close();
    }
  }
}
