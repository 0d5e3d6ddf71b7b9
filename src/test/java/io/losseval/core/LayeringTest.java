package io.losseval.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The core knows no engine: no Spark, Scala or adapter class may appear in io.losseval.core; and
 * its API and state ({@code io.losseval.core}) know no particular loss ({@code core.loss}).
 */
class LayeringTest {
  // Only the main classes' own folder is read: importing the package by name would scan every
  // jar on the test class path (all of Spark's) for it.
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importUrl(LossState.class.getProtectionDomain().getCodeSource().getLocation());

  @Test
  void theRulesSeeEveryMainClassAndItsSparkDependencies() {
    // Guards the rules below against an import that finds nothing (they would then pass).
    assertTrue(MAIN.contain(LossState.class));
    assertTrue(MAIN.contain("io.losseval.spark.row.LossAggregate"));
    assertTrue(
        MAIN.get("io.losseval.spark.row.LossAggregate").getDirectDependenciesFromSelf().stream()
            .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("org.apache.spark")));
  }

  @Test
  void coreHasNoSparkOrScalaDependency() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.spark..", "scala..", "io.losseval.spark..", "io.losseval.job..")
        .check(MAIN);
  }

  @Test
  void coreApiDoesNotDependOnTheLosses() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.core")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.losseval.core.loss..")
        .check(MAIN);
  }

  @Test
  void sparkAdaptersDoNotDependOnTheJob() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.spark..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.losseval.job..")
        .check(MAIN);
  }
}
