package io.losseval.job;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The job's rooms keep to what their package-info says they may use: the report never touches
 * Spark, the configuration is read without Spark or the other rooms, the output knows no report,
 * the results need no Spark, the rooms depend on each other without cycles, and the job uses only
 * the public API of the Spark adapters, never one of their sub-packages.
 */
class JobRoomsTest {
  // Only the main classes' own folder is read, as in LayeringTest: importing by package name would
  // scan every jar on the test class path.
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importUrl(EvaluateJob.class.getProtectionDomain().getCodeSource().getLocation());

  private static final String SPARK = "org.apache.spark..";

  @Test
  void theRulesSeeTheRoomsAndTheirDependencies() {
    // Guards the rules below against an import that finds nothing (they would then pass).
    for (String room : new String[] {"config", "result", "query", "output", "report"}) {
      assertTrue(MAIN.containPackage("io.losseval.job." + room), room);
    }
    assertTrue(
        MAIN.get("io.losseval.job.query.SqlMode").getDirectDependenciesFromSelf().stream()
            .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("org.apache.spark")));
    assertTrue(
        MAIN.get("io.losseval.job.report.ReportPage").getDirectDependenciesFromSelf().stream()
            .anyMatch(d -> d.getTargetClass().getPackageName().equals("io.losseval.job.output")));
  }

  @Test
  void theReportNeverTouchesSpark() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.job.report..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SPARK, "org.apache.hadoop..")
        .check(MAIN);
  }

  @Test
  void theConfigurationIsReadWithoutSparkOrTheOtherRooms() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.job.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            SPARK,
            "io.losseval.spark..",
            "io.losseval.job.result..",
            "io.losseval.job.query..",
            "io.losseval.job.output..",
            "io.losseval.job.report..")
        .check(MAIN);
  }

  @Test
  void theResultsNeedNoSparkAndNoLaterRoom() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.job.result..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            SPARK,
            "io.losseval.spark..",
            "io.losseval.job.query..",
            "io.losseval.job.output..",
            "io.losseval.job.report..")
        .check(MAIN);
  }

  @Test
  void theOutputKnowsNoReportAndNoQuery() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.job.output..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.losseval.job.report..", "io.losseval.job.query..")
        .check(MAIN);
  }

  @Test
  void theRoomsDependOnEachOtherWithoutCycles() {
    slices().matching("io.losseval.job.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  /**
   * The streaming mode reaches the batch job only through its doors (JobDefinitions, the strict
   * configuration reader, exit codes and errors), so that both modes compute and check alike.
   */
  @Test
  void theStreamingModeUsesTheBatchJobOnlyThroughItsDoors() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.job.stream..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.losseval.job.query..",
            "io.losseval.job.output..",
            "io.losseval.job.report..",
            "io.losseval.job.result..",
            "io.losseval.spark..",
            "io.losseval.core..")
        .check(MAIN);
  }

  /**
   * The job reads Spark through the adapters' API room, and through their internal room for what
   * every Spark line needs (Scala collections, quiet logs); never through the row path or the
   * columnar operator, whose classes are free to change.
   */
  @Test
  void theJobUsesNeitherTheRowPathNorTheColumnarOperator() {
    noClasses()
        .that()
        .resideInAPackage("io.losseval.job..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.losseval.spark.row..", "io.losseval.spark.columnar..")
        .check(MAIN);
  }
}
