package dev.jflow.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module map of ARCHITECTURE.md holds for the main code of every JFlow library module (all are on
 * this module's test class path): each module imports only what the map allows, and reaches into
 * another module's package only where that module's module-info exports it. {@link ModuleRulesFailTest}
 * shows each rule failing on a class that breaks it.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN_CODE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("-tests.jar")) // the modules' test jars (fixtures) are test code
      .importPackages("dev.jflow");
  private static final JflowModules MODULES = JflowModules.onClassPath();

  static Stream<ArchRule> importRules() {
    return ModuleRules.importRules().stream();
  }

  @ParameterizedTest
  @MethodSource("importRules")
  void eachModuleImportsOnlyWhatTheModuleMapAllows(ArchRule rule) {
    rule.check(MAIN_CODE);
  }

  @Test
  void noModuleUsesAPackageAnotherModuleDoesNotExportToIt() {
    ModuleRules.onlyExportedPackagesAreUsed(MODULES).check(MAIN_CODE);
  }

  @Test
  void internalPackagesAreExportedOnlyToNamedJflowModules() {
    assertEquals(List.of(), ModuleRules.internalExportProblems(MODULES));
  }

  @Test
  void everyLibraryModuleIsCheckedAndNamedAfterItsRootPackage() {
    assertEquals(JflowModules.NAMES, MODULES.all().keySet());
    for (ModuleDescriptor m : MODULES.all().values()) {
      for (String p : m.packages()) {
        assertTrue(p.equals(m.name()) || p.startsWith(m.name() + "."), m.name() + " holds " + p + ", outside its root package");
      }
      assertTrue(MAIN_CODE.stream().anyMatch(c -> c.getPackageName().startsWith(m.name())), "no classes of " + m.name() + " imported");
    }
  }
}
