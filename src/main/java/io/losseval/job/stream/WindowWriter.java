package io.losseval.job.stream;

import static io.losseval.job.stream.StreamConfig.BATCH_ID;
import static io.losseval.job.stream.StreamConfig.VIOLATIONS;
import static io.losseval.job.stream.StreamConfig.WINDOW_END;
import static io.losseval.job.stream.StreamConfig.WINDOW_START;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.losseval.job.JobDefinitions;
import io.losseval.job.JobDefinitions.Violation;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes each micro-batch's closed windows to the sink folder, as the subfolder {@code batch_id=N},
 * with the thresholds each row breaks in its {@code violations} column, and prints one line per
 * violation. A batch's rows are written to a hidden folder first and moved into place, replacing
 * what an interrupted earlier attempt at the same batch left: Spark runs a batch again after a
 * restart only when it was not committed, with the same rows, so each window is in the sink exactly
 * once.
 */
final class WindowWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;

  /** The type of the {@code violations} column: one element per threshold a row breaks. */
  static final StructType VIOLATION =
      new StructType()
          .add("threshold", DataTypes.StringType)
          .add("result", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("min", DataTypes.DoubleType)
          .add("max", DataTypes.DoubleType);

  private final StreamConfig config;
  private final transient PrintStream out;
  private final AtomicLong resultRows = new AtomicLong();
  private final AtomicLong violations = new AtomicLong();

  WindowWriter(StreamConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** Result rows written in this run. */
  long resultRows() {
    return resultRows.get();
  }

  /** Thresholds broken by the rows written in this run. */
  long violations() {
    return violations.get();
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    List<Row> rows = new ArrayList<>(batch.collectAsList());
    if (rows.isEmpty()) {
      return; // no window closed in this micro-batch
    }
    JobDefinitions definitions = config.definitions();
    rows.sort(
        Comparator.comparing((Row r) -> r.<Timestamp>getAs(WINDOW_START))
            .thenComparing(r -> r.<Integer>getAs(JobDefinitions.SLICE_INDEX))
            .thenComparing(Row::toString));
    StructType in = batch.schema();
    int index = in.fieldIndex(JobDefinitions.SLICE_INDEX);
    StructType schema = new StructType();
    for (StructField f : in.fields()) {
      if (!f.name().equals(JobDefinitions.SLICE_INDEX)) {
        schema = schema.add(f);
      }
    }
    schema = schema.add(VIOLATIONS, DataTypes.createArrayType(VIOLATION, false), false);
    List<Row> written = new ArrayList<>();
    for (Row r : rows) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        if (i != index) {
          values.add(r.get(i));
        }
      }
      List<Row> broken = new ArrayList<>();
      for (Violation v : definitions.violations(r)) {
        broken.add(RowFactory.create(v.threshold(), v.result(), v.value(), v.min(), v.max()));
        out.println(
            v.message()
                + ", window ["
                + instant(r.getAs(WINDOW_START))
                + ", "
                + instant(r.getAs(WINDOW_END))
                + ")");
        violations.incrementAndGet();
      }
      values.add(broken);
      written.add(RowFactory.create(values.toArray()));
    }
    String target =
        config.sink().kafka() == null
            ? write(batch.sparkSession(), written, schema, batchId)
            : send(batch.sparkSession(), written, schema, keyColumns(in));
    resultRows.addAndGet(written.size());
    out.println(
        "losseval stream: batch "
            + batchId
            + ": "
            + written.size()
            + " result rows of closed windows -> "
            + target);
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** How many columns lead a row and identify it: the window, the slice and its columns. */
  private static int keyColumns(StructType in) {
    return in.fieldIndex("rows");
  }

  /** An event time as UTC ISO-8601, whatever the JVM's time zone. */
  private static String instant(Object time) {
    return time instanceof Timestamp t
        ? t.toInstant().toString()
        : time instanceof LocalDateTime l ? l.toString() : String.valueOf(time);
  }

  /**
   * Writes the rows to the sink topic, one record each: its value the row as JSON, its key the
   * window and slice value (a batch run again after a restart writes its records again, with the
   * same keys). Returns where.
   */
  private String send(SparkSession spark, List<Row> rows, StructType schema, int slices) {
    StreamConfig.Kafka k = config.sink().kafka();
    List<Column> key = new ArrayList<>();
    for (int i = 0; i < slices; i++) {
      key.add(col(quoted(schema.fields()[i].name())));
    }
    List<Column> all = new ArrayList<>();
    for (String f : schema.fieldNames()) {
      all.add(col(quoted(f)));
    }
    try {
      spark
          .createDataFrame(rows, schema)
          .select(
              to_json(struct(key.toArray(new Column[0]))).as("key"),
              to_json(struct(all.toArray(new Column[0]))).as("value"))
          .write()
          .format("kafka")
          .option("kafka.bootstrap.servers", k.bootstrapServers())
          .option("topic", k.topic())
          .save();
    } catch (Exception e) { // Kafka's and Spark's failures; AnalysisException is checked
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getMessage() + StreamJob.KAFKA_PACKAGE, e);
    }
    return "Kafka topic " + k.topic();
  }

  /** Writes the rows as {@code batch_id=N} in the sink, all or nothing; returns where. */
  private String write(SparkSession spark, List<Row> rows, StructType schema, long batchId) {
    Path sink = new Path(config.sink().path());
    Path target = new Path(sink, BATCH_ID + "=" + batchId);
    // A leading '_' hides the folder from Spark's readers until it is complete.
    Path temporary = new Path(sink, "_" + BATCH_ID + "=" + batchId + ".incoming");
    try {
      FileSystem fs = sink.getFileSystem(spark.sparkContext().hadoopConfiguration());
      spark
          .createDataFrame(rows, schema)
          .coalesce(1)
          .write()
          .mode(SaveMode.Overwrite)
          .format(config.sink().format())
          .save(temporary.toString());
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("cannot move " + temporary + " to " + target);
      }
      return fs.makeQualified(target).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
