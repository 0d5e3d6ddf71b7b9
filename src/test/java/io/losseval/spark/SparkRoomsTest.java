package io.losseval.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.losseval.PublicApi;
import io.losseval.spark.row.BoundLoss;
import io.losseval.spark.row.LossAggregate;
import io.losseval.spark.row.LossIntervalAggregate;
import io.losseval.spark.row.RowReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the Spark adapters keep to what their {@code package-info.java} says: the API room
 * ({@code io.losseval.spark}) is the public surface and every public class in it is marked {@link
 * PublicApi}; the row path never depends on the columnar path; the columnar path takes from the row
 * path only its small interface; the internal room depends on no other room. ({@code
 * io.losseval.core} staying Spark-free is {@code LayeringTest}'s.)
 */
class SparkRoomsTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importUrl(LossColumns.class.getProtectionDomain().getCodeSource().getLocation());

  private static final String API = "io.losseval.spark";
  private static final String ROW = "io.losseval.spark.row..";
  private static final String COLUMNAR = "io.losseval.spark.columnar..";
  private static final String INTERNAL = "io.losseval.spark.internal..";

  @Test
  void theRulesSeeEveryRoom() {
    // Guards the rules below against an import that finds nothing (they would then pass).
    for (String c :
        Set.of(
            "io.losseval.spark.LossExtensions",
            "io.losseval.spark.row.LossAggregate",
            "io.losseval.spark.columnar.ColumnarPartialAggregateExec",
            "io.losseval.spark.internal.ScalaSeqs")) {
      assertTrue(MAIN.contain(c), c);
    }
  }

  @Test
  void theRowPathNeverDependsOnTheColumnarPath() {
    noClasses()
        .that()
        .resideInAPackage(ROW)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(COLUMNAR)
        .check(MAIN);
  }

  @Test
  void theColumnarPathTakesOnlyTheRowPathsInterface() {
    Set<String> allowed =
        Set.of(
            BoundLoss.class.getName(),
            RowReader.class.getName(),
            LossAggregate.class.getName(),
            LossIntervalAggregate.class.getName());
    noClasses()
        .that()
        .resideInAPackage(COLUMNAR)
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are in the row room other than " + allowed,
                (JavaClass c) ->
                    c.getPackageName().startsWith("io.losseval.spark.row")
                        && !allowed.contains(c.getName())))
        .check(MAIN);
  }

  @Test
  void theInternalRoomDependsOnNoOtherRoom() {
    noClasses()
        .that()
        .resideInAPackage(INTERNAL)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(API, ROW, COLUMNAR, "io.losseval.ml..", "io.losseval.job..")
        .check(MAIN);
  }

  @Test
  void everyPublicClassOfTheApiRoomIsMarkedPublicApi() {
    classes()
        .that()
        .resideInAPackage(API)
        .and()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .should()
        .beAnnotatedWith(PublicApi.class)
        .check(MAIN);
  }

  @Test
  void theMarkedClassesOfTheAdaptersAreInTheApiRoom() {
    classes()
        .that()
        .areAnnotatedWith(PublicApi.class)
        .and()
        .resideInAPackage("io.losseval.spark..")
        .should()
        .resideInAPackage(API)
        .andShould()
        .haveModifier(JavaModifier.PUBLIC)
        .check(MAIN);
  }
}
