package dev.stride.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every module's compiled classes (not their tests) hold to {@link Layering}; and each rule, given
 * the fixtures in this module's tests that break it, reports them, so a rule that silently matches
 * nothing cannot pass.
 */
class LayeringTest {

  private static final JavaClasses STRIDE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.stride");

  private static final JavaClasses FIXTURES =
      new ClassFileImporter()
          .importPackages(
              "dev.stride.fixture",
              "dev.stride.predictor.fixture",
              "dev.stride.contracts.fixture",
              "dev.stride.trainer.fixture",
              "dev.stride.bench.fixture");

  @Test
  void noModuleHasAPackageCycle() {
    Layering.NO_PACKAGE_CYCLES.check(STRIDE);
  }

  @Test
  void librariesImportNoServiceCliOrBench() {
    Layering.LIBS_IMPORT_NO_SERVICE_OR_TOOL.check(STRIDE);
  }

  @Test
  void servicesImportNoOtherService() {
    Layering.SERVICES_IMPORT_NO_OTHER_SERVICE.check(STRIDE);
  }

  @Test
  void cliAndBenchImportNoService() {
    Layering.TOOLS_IMPORT_NO_SERVICE.check(STRIDE);
  }

  @Test
  void contractsImportOnlyTheJdkAndJackson() {
    Layering.CONTRACTS_IMPORT_ONLY_JDK_AND_JACKSON.check(STRIDE);
  }

  @Nested
  class EachRuleReportsTheFixtureThatBreaksIt {

    @Test
    void aPackageCycle() {
      assertThat(violations(Layering.NO_PACKAGE_CYCLES))
          .singleElement(STRING)
          .contains("Slice fixture.left -> ", "Slice fixture.right -> ");
    }

    @Test
    void aLibraryImportingAService() {
      assertThat(violations(Layering.LIBS_IMPORT_NO_SERVICE_OR_TOOL))
          .singleElement(STRING)
          .contains("contracts.fixture.ImportsAService.served", "predictor.fixture.Served");
    }

    @Test
    void aServiceImportingAnother() {
      assertThat(violations(Layering.SERVICES_IMPORT_NO_OTHER_SERVICE))
          .singleElement(STRING)
          .contains("Slice trainer depends on Slice predictor")
          .contains("trainer.fixture.ImportsAnotherService.served");
    }

    @Test
    void benchImportingAService() {
      assertThat(violations(Layering.TOOLS_IMPORT_NO_SERVICE))
          .singleElement(STRING)
          .contains("bench.fixture.ImportsAService.served", "predictor.fixture.Served");
    }

    @Test
    void contractsImportingAnotherLibrary() {
      List<String> violations = violations(Layering.CONTRACTS_IMPORT_ONLY_JDK_AND_JACKSON);
      assertThat(violations)
          .anySatisfy(v -> assertThat(v).contains("LogsWithSlf4j.log", "org.slf4j.Logger"))
          .anySatisfy(v -> assertThat(v).contains("ImportsAService.served"))
          .noneSatisfy(v -> assertThat(v).contains("java.util.List"));
    }

    private List<String> violations(ArchRule rule) {
      return rule.evaluate(FIXTURES).getFailureReport().getDetails();
    }
  }
}
