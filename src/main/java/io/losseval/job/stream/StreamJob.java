package io.losseval.job.stream;

import static io.losseval.job.stream.StreamConfig.WINDOW_END;
import static io.losseval.job.stream.StreamConfig.WINDOW_START;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.window;

import io.losseval.job.ExitCode;
import io.losseval.job.JobException;
import io.losseval.job.config.StrictConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The job's streaming mode: the batch job's evaluations and slices per event-time window, over rows
 * arriving in a folder, each window written once (append mode) when the watermark passes it, with
 * the thresholds it breaks. Runs until stopped (SIGTERM stops it after the micro-batch under way,
 * committed) or, with {@code --available-now}, over what has arrived, then returns the batch job's
 * exit code. See docs/streaming-job.md.
 */
public final class StreamJob {
  /** The window's column inside the query, before it is written as start and end. */
  private static final String WINDOW = "__losseval_window";

  // Runs before Spark's own shutdown hook (Hadoop priority 40), which stops the SparkContext.
  private static final int SHUTDOWN_PRIORITY = 100;
  private static final long SHUTDOWN_WAIT_SECONDS = 120;

  private StreamJob() {}

  /**
   * Runs the streaming job of the configuration {@code root} (named {@code source} in messages):
   * reads and checks it, then asks {@code sessions} for a session with the loss functions, starts
   * the query and waits for it to end. Returns {@link ExitCode#THRESHOLD} when a window emitted in
   * this run broke a threshold, else {@link ExitCode#OK}; failures are thrown, as the batch job's
   * are (a row a loss rejects makes a data error).
   */
  public static ExitCode run(
      StrictConfig root, String source, Function<String, SparkSession> sessions, PrintStream out) {
    StreamConfig config = StreamConfig.read(root, source);
    SparkSession spark = sessions.apply("losseval stream " + source);
    Dataset<Row> input = input(spark, config);
    WindowWriter writer = new WindowWriter(config, out);
    StreamingQuery query = start(results(input, config), config, writer);
    out.println(
        "losseval stream: "
            + config.source().describe()
            + " in windows of "
            + config.window()
            + (config.slide() == null ? "" : " every " + config.slide())
            + " by "
            + config.eventTime()
            + ", watermark "
            + config.watermark()
            + "; results to "
            + config.sink().describe()
            + ", checkpoint "
            + config.checkpoint()
            + (config.availableNow() ? "; available now" : ""));
    Runnable stop =
        () -> {
          out.println(
              "losseval stream: stopping (SIGTERM or shutdown) after the micro-batch under way");
          stopAfterBatch(query);
        };
    ShutdownHookManager.get()
        .addShutdownHook(stop, SHUTDOWN_PRIORITY, SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
    try {
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      // Thrown on: the cause chain (a loss's data error, a malformed record) sets the exit code.
      throw new IllegalStateException(e.getMessage(), e);
    } finally {
      if (!ShutdownHookManager.get().isShutdownInProgress()) {
        ShutdownHookManager.get().removeShutdownHook(stop);
      }
    }
    out.println(
        "losseval stream: stopped; "
            + writer.resultRows()
            + " result rows written, "
            + writer.violations()
            + " threshold violations");
    return writer.violations() > 0 ? ExitCode.THRESHOLD : ExitCode.OK;
  }

  /** The source's rows, with the event-time column checked: it must be a timestamp. */
  private static Dataset<Row> input(SparkSession spark, StreamConfig config) {
    Dataset<Row> input;
    try {
      input = config.source().kafka() == null ? files(spark, config) : kafka(spark, config);
    } catch (Exception e) { // AnalysisException (a missing folder, no Kafka source), checked
      if (e instanceof AnalysisException || e.getClass().getSimpleName().contains("NotFound")) {
        String key = config.source().kafka() == null ? "stream.source.path" : "stream.source.kafka";
        throw JobException.config(
            key
                + ": "
                + e.getMessage().strip().lines().findFirst().orElse("")
                + (config.source().kafka() == null ? "" : KAFKA_PACKAGE));
      }
      throw e;
    }
    StructField time = null;
    for (StructField f : input.schema().fields()) {
      if (f.name().equalsIgnoreCase(config.eventTime())) {
        time = f;
      }
    }
    if (time == null || !isTimestamp(time.dataType())) {
      throw JobException.config(
          "stream.event-time: column '"
              + config.eventTime()
              + "' "
              + (time == null
                  ? "is not in stream.source.schema; columns: " + String.join(", ", input.columns())
                  : "is "
                      + time.dataType().simpleString()
                      + ", not a timestamp; declare it as"
                      + " TIMESTAMP in stream.source.schema"));
    }
    config.definitions().check(input);
    return input;
  }

  /** The rows of the files arriving in the source folder. */
  private static Dataset<Row> files(SparkSession spark, StreamConfig config) {
    return spark
        .readStream()
        .format(config.source().format())
        .schema(config.source().schema())
        .options(config.source().options())
        .load(config.source().path());
  }

  /**
   * The rows of the source topic's JSON values, parsed by the schema: a value that is not JSON of
   * it gives NULLs, which a loss skips (counted in {@code RESULT_skipped}).
   */
  private static Dataset<Row> kafka(SparkSession spark, StreamConfig config) {
    StreamConfig.Kafka k = config.source().kafka();
    Dataset<Row> records =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", k.bootstrapServers())
            .option("subscribe", k.topic())
            .option("startingOffsets", k.startingOffsets())
            .options(config.source().options())
            .load();
    return records
        .select(
            from_json(
                    col("value").cast(DataTypes.StringType),
                    StructType.fromDDL(config.source().schema()))
                .as("row"))
        .select("row.*");
  }

  /** How to give Spark its Kafka source and sink, for the message when they are missing. */
  static final String KAFKA_PACKAGE =
      "; Spark's Kafka source and sink are a package of their own: spark-submit --packages"
          + " org.apache.spark:spark-sql-kafka-0-10_2.13:<the Spark version>";

  private static boolean isTimestamp(DataType type) {
    return type.equals(DataTypes.TimestampType) || type.simpleString().equals("timestamp_ntz");
  }

  /**
   * The batch job's aggregation per window: every slice grouped by the window too, the window
   * written as {@code window_start} and {@code window_end} first.
   */
  static Dataset<Row> results(Dataset<Row> input, StreamConfig config) {
    Column w =
        config.slide() == null
            ? window(col(config.eventTime()), config.window())
            : window(col(config.eventTime()), config.window(), config.slide());
    Dataset<Row> windowed =
        input.withWatermark(config.eventTime(), config.watermark()).withColumn(WINDOW, w);
    Dataset<Row> result = config.definitions().aggregate(windowed, List.of(WINDOW));
    List<Column> columns = new ArrayList<>();
    columns.add(col(WINDOW + ".start").as(WINDOW_START));
    columns.add(col(WINDOW + ".end").as(WINDOW_END));
    for (String c : result.columns()) {
      if (!c.equals(WINDOW)) {
        columns.add(result.col("`" + c.replace("`", "``") + "`"));
      }
    }
    return result.select(columns.toArray(new Column[0]));
  }

  private static StreamingQuery start(
      Dataset<Row> results, StreamConfig config, WindowWriter writer) {
    DataStreamWriter<Row> w =
        results
            .writeStream()
            .outputMode("append")
            .option("checkpointLocation", config.checkpoint())
            .foreachBatch(writer);
    if (config.availableNow()) {
      w = w.trigger(Trigger.AvailableNow());
    } else if (config.trigger() != null) {
      w = w.trigger(Trigger.ProcessingTime(config.trigger()));
    }
    try {
      return w.start();
    } catch (TimeoutException e) {
      throw new IllegalStateException("the streaming query did not start: " + e.getMessage(), e);
    }
  }

  /**
   * On SIGTERM: lets the micro-batch under way finish (its results written and its offsets
   * committed), then stops the query; a restart from the checkpoint carries on after it. A batch
   * that had not finished within the wait is cut, and run again on restart.
   */
  private static void stopAfterBatch(StreamingQuery query) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SHUTDOWN_WAIT_SECONDS - 10);
    try {
      while (query.isActive() && query.status().isTriggerActive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      query.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      // stop() timed out: the JVM is exiting anyway, and the checkpoint has every committed batch
    }
  }
}
