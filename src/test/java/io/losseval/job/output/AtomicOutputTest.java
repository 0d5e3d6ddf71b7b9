package io.losseval.job.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.job.config.JobConfig.OutputSpec;
import io.losseval.testing.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place output is written: a table and small files beside it, all or nothing. */
class AtomicOutputTest {
  @TempDir Path dir;

  @Test
  void aTableAndItsFilesAppearTogether() throws IOException {
    SparkSession spark = SharedSpark.get();
    Path target = dir.resolve("out");
    AtomicOutput output =
        AtomicOutput.prepare(spark, new OutputSpec("output", target.toString(), "json", false));
    Dataset<Row> table = spark.range(3).toDF("n");
    output.write(
        table,
        OutputManifest.of("evaluation", table.schema()),
        Map.of("_report.html", "<p>report</p>"));
    assertEquals("<p>report</p>", Files.readString(target.resolve("_report.html")));
    OutputManifest manifest =
        OutputManifest.parse(Files.readString(target.resolve("_losseval.json")));
    assertEquals("evaluation", manifest.kind());
    assertEquals(List.of("n bigint"), manifest.columns());
    List<String> entries;
    try (Stream<Path> all = Files.list(target)) {
      entries = all.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(
        entries.stream().filter(n -> !n.endsWith(".crc")).toList(),
        manifest.files(),
        "the manifest lists every entry the job wrote but the checksum files");
    assertTrue(entries.stream().allMatch(manifest::wrote), entries.toString());
    assertTrue(manifest.files().contains("_report.html"), manifest.files().toString());
    assertTrue(manifest.files().contains("_losseval.json"), manifest.files().toString());
    assertEquals(3, spark.read().json(target.toString()).count(), "Spark skips the '_' files");
    assertEquals(List.of(target), siblings());
  }

  @Test
  void aFailedWriteLeavesNeitherTheTableNorItsFiles() throws IOException {
    SparkSession spark = SharedSpark.get();
    Path target = dir.resolve("out");
    AtomicOutput output =
        AtomicOutput.prepare(spark, new OutputSpec("output", target.toString(), "parquet", false));
    Dataset<Row> failing = spark.range(3).selectExpr("assert_true(id < 2) AS ok");
    assertThrows(
        Exception.class,
        () ->
            output.write(
                failing,
                OutputManifest.of("evaluation", failing.schema()),
                Map.of("_report.html", "x")));
    assertFalse(Files.exists(target));
    assertEquals(List.of(), siblings(), "no temporary directory left");
  }

  private List<Path> siblings() throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.toList();
    }
  }
}
