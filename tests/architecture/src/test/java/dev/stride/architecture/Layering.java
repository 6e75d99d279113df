package dev.stride.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import java.util.stream.Stream;

/**
 * How Stride's modules may depend on each other, as ArchUnit rules over compiled classes. Modules
 * are named by their package under {@code dev.stride}; a library that is not built yet (messaging,
 * client) is covered once its classes are on the class path.
 */
final class Layering {

  static final List<String> LIBS =
      List.of(
          "contracts",
          "auth",
          "data",
          "nn",
          "observability",
          "storage",
          "devstack",
          "messaging",
          "client");
  static final List<String> SERVICES =
      List.of("ingestion", "trainer", "evaluator", "predictor", "console");
  static final List<String> TOOLS = List.of("cli", "bench");

  /**
   * No cycle between the packages of a module: its root package ({@code dev.stride.predictor}) and
   * each package right under it ({@code dev.stride.predictor.api}, with its subpackages) are one
   * slice each.
   */
  static final ArchRule NO_PACKAGE_CYCLES =
      slices().assignedFrom(new TopPackages()).should().beFreeOfCycles();

  static final ArchRule LIBS_IMPORT_NO_SERVICE_OR_TOOL =
      noClasses()
          .that()
          .resideInAnyPackage(packages(LIBS))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packages(Stream.concat(SERVICES.stream(), TOOLS.stream()).toList()));

  static final ArchRule SERVICES_IMPORT_NO_OTHER_SERVICE =
      slices()
          .matching("dev.stride.(*)..")
          .that(DescribedPredicate.describe("are services", Layering::isService))
          .should()
          .notDependOnEachOther();

  static final ArchRule TOOLS_IMPORT_NO_SERVICE =
      noClasses()
          .that()
          .resideInAnyPackage(packages(TOOLS))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(packages(SERVICES));

  /** The contract every part depends on carries no infrastructure: the JDK and Jackson alone. */
  static final ArchRule CONTRACTS_IMPORT_ONLY_JDK_AND_JACKSON =
      classes()
          .that()
          .resideInAPackage("dev.stride.contracts..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "com.fasterxml.jackson..", "dev.stride.contracts..");

  private Layering() {}

  private static String[] packages(List<String> modules) {
    return modules.stream().map(m -> "dev.stride." + m + "..").toArray(String[]::new);
  }

  private static boolean isService(Slice slice) {
    return SERVICES.contains(slice.getNamePart(1));
  }

  /** {@code dev.stride.<module>} and each {@code dev.stride.<module>.<package>..}; else ignored. */
  private static final class TopPackages implements SliceAssignment {

    private static final String ROOT = "dev.stride.";

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (!name.startsWith(ROOT)) {
        return SliceIdentifier.ignore();
      }
      String[] parts = name.substring(ROOT.length()).split("\\.");
      return SliceIdentifier.of(parts.length == 1 ? parts[0] : parts[0] + "." + parts[1]);
    }

    @Override
    public String getDescription() {
      return "the root package of every module and each package right under it";
    }
  }
}
