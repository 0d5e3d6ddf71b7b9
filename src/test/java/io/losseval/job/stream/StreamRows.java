package io.losseval.job.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Model outputs arriving as Parquet files in a folder, for the streaming job's tests: file {@code
 * k} holds 60 rows, one every 15 seconds from 10:00 UTC plus 15 minutes per file, so a 10-minute
 * window spans two files; every value is a function of the row's id. {@code model_version}
 * alternates v1, v2; {@code label} is NULL in every 23rd row.
 */
final class StreamRows {
  static final String SCHEMA =
      "id BIGINT, ts TIMESTAMP, model_version STRING, prediction DOUBLE, label DOUBLE,"
          + " logits ARRAY<DOUBLE>, target_class INT";

  /** 10:00 UTC on 2026-03-01, in milliseconds. */
  static final long T0 = 1_772_359_200_000L;

  static final int ROWS_PER_FILE = 60;

  private StreamRows() {}

  /** Rows {@code from} (inclusive) to {@code to} (exclusive); {@code badClass} puts class 7 in. */
  static List<Row> rows(long from, long to, boolean badClass) {
    List<Row> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      double x = i;
      out.add(
          RowFactory.create(
              i,
              new Timestamp(T0 + i * 15_000L),
              i % 2 == 0 ? "v1" : "v2",
              2 * Math.sin(x),
              i % 23 == 5 ? null : Math.cos(0.7 * x),
              Arrays.asList(Math.sin(x), Math.cos(x), Math.sin(2 * x)),
              badClass && i == from ? 7 : (int) (i % 3)));
    }
    return out;
  }

  /** File {@code k}'s rows. */
  static List<Row> file(int k) {
    return rows((long) k * ROWS_PER_FILE, (long) (k + 1) * ROWS_PER_FILE, false);
  }

  /**
   * Writes {@code rows} as one Parquet file {@code part-NNNN.parquet} into {@code folder}, whole:
   * written beside it, then moved in, with a modification time after the earlier files' so that a
   * source reading one file per trigger takes them in order.
   */
  static void arrive(SparkSession spark, Path folder, int n, List<Row> rows) {
    try {
      Files.createDirectories(folder);
      Path staging = folder.resolveSibling(folder.getFileName() + "-staging-" + n);
      spark
          .createDataFrame(rows, StructType.fromDDL(SCHEMA))
          .coalesce(1)
          .write()
          .parquet(staging.toString());
      try (Stream<Path> parts = Files.list(staging)) {
        Path part =
            parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().get();
        Files.setLastModifiedTime(
            part, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L + n * 1000L));
        Files.move(
            part,
            folder.resolve(String.format("part-%04d.parquet", n)),
            StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
