package io.losseval.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.losseval.spark.LossColumns;
import io.losseval.testing.DocSnippets;
import io.losseval.testing.KafkaBroker;
import io.losseval.testing.SharedSpark;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The losses over a real Kafka source: scored rows written as JSON to a topic of a real broker
 * ({@link KafkaBroker}, three partitions), read by Spark's Kafka source ({@code
 * spark-sql-kafka-0-10}), parsed with {@code from_json}, windowed with a watermark and evaluated
 * with {@code mse_loss}, {@code mse_loss_ci} and {@code cross_entropy} in append mode into a
 * Parquet sink: docs/streaming.md's Kafka example, as written. Records arrive in four parts with a
 * trigger after each, and the query is stopped and restarted from its checkpoint between two parts;
 * every window the sink holds must be the batch query's over the same topic, bit for bit, with the
 * row counts the producer sent (none lost, none twice). Malformed records show what {@code
 * from_json} and the losses make of them.
 */
class KafkaSourceIT {
  static final String TOPIC = "scores";
  static final String SCHEMA =
      "ts TIMESTAMP, model_version STRING, country STRING, prediction DOUBLE, "
          + "target DOUBLE, logits ARRAY<DOUBLE>, label INT";
  static final Instant DAY = Instant.parse("2026-01-01T00:00:00Z");
  static final long MINUTE = 60_000;
  static final long WATERMARK_DELAY = 30 * MINUTE;
  static final Pattern KAFKA_SOURCE_JAR =
      Pattern.compile("spark-sql-kafka-0-10_([0-9.]+)-([0-9.]+)\\.jar");

  /** A record cut off in the middle: no field can be read. */
  static final String TRUNCATED =
      "{\"ts\":\"2026-01-01T02:40:00Z\",\"model_version\":\"v1\",\"country\":\"DE\",\"predic";

  /** A well-formed record whose prediction is not a number. */
  static final String WRONG_TYPE =
      "{\"ts\":\"2026-01-01T02:41:00Z\",\"model_version\":\"v1\",\"country\":\"DE\","
          + "\"prediction\":\"oops\",\"target\":1.0,\"logits\":[0.5,-1.0,2.0],\"label\":2}";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the broker's log stays for a failed run
  static Path dir;

  static KafkaBroker kafka;

  /** Rows per (window start, model_version, country), counted from what was produced. */
  final Map<String, Integer> producedCounts = new TreeMap<>();

  final Random random = new Random(24);
  final List<Stage> stages = new ArrayList<>();
  long maxEventTime;

  @BeforeAll
  static void startBroker() {
    kafka = KafkaBroker.start(dir.resolve("kafka"));
    kafka.createTopic(TOPIC, 3);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void windowsEqualTheBatchQueryAcrossTriggersAndARestart() throws Exception {
    SparkSession spark = SharedSpark.get();
    String results = dir.resolve("results").toString();
    String checkpoint = dir.resolve("checkpoint").toString();
    long started = System.nanoTime();

    produce(400, 0, 120);
    StreamingQuery query = start(spark, kafka.bootstrapServers(), results, checkpoint);
    query.processAllAvailable();
    stages.add(
        new Stage(
            maxEventTime - WATERMARK_DELAY, 1, spark.read().parquet(results).collectAsList()));

    produce(400, 90, 180); // after a trigger, at and after the watermark (minute 89 and some)
    query.processAllAvailable();
    stages.add(
        new Stage(
            maxEventTime - WATERMARK_DELAY, 2, spark.read().parquet(results).collectAsList()));
    String committed = query.lastProgress().sources()[0].endOffset();
    query.stop();

    // While the query is down: more records, and two malformed ones in window 02:00 of v1/DE.
    produce(400, 150, 240);
    kafka.produce(
        TOPIC,
        List.of(
            new KafkaBroker.Message("bad", TRUNCATED), new KafkaBroker.Message("bad", WRONG_TYPE)));
    producedCounts.merge(
        key(Instant.parse("2026-01-01T02:00:00Z").toEpochMilli(), "v1", "DE"),
        1,
        Integer::sum); // WRONG_TYPE counts in the window, TRUNCATED nowhere (checked below)

    query = start(spark, kafka.bootstrapServers(), results, checkpoint);
    query.processAllAvailable();
    String resumed = query.recentProgress()[0].sources()[0].startOffset();
    ObjectMapper json = new ObjectMapper();
    assertEquals(
        json.readTree(committed),
        json.readTree(resumed),
        "the restarted query resumes at the offsets the stopped one committed");
    stages.add(
        new Stage(
            maxEventTime - WATERMARK_DELAY, 3, spark.read().parquet(results).collectAsList()));

    // A record at 06:00 moves the watermark past every window produced so far.
    kafka.produce(TOPIC, List.of(new KafkaBroker.Message("clock", record(360 * MINUTE))));
    maxEventTime = 360 * MINUTE;
    query.processAllAvailable();
    assertNull(query.exception().isDefined() ? query.exception().get() : null);
    query.stop();
    stages.add(
        new Stage(
            maxEventTime - WATERMARK_DELAY, 4, spark.read().parquet(results).collectAsList()));
    System.out.printf(
        "KafkaSourceIT: four triggers and a restart in %.1f s%n",
        (System.nanoTime() - started) / 1e9);

    List<Row> batch = batch(spark, "TRUE");
    for (Stage stage : stages) {
      assertSinkIsTheBatchQuery(stage, batch);
    }
    malformedRecords(spark, results, batch);
  }

  /**
   * docs/streaming.md's Kafka example: the topic's records parsed from JSON, windowed, evaluated,
   * each window once into Parquet files.
   */
  static StreamingQuery start(
      SparkSession spark, String bootstrapServers, String results, String checkpoint)
      throws TimeoutException {
    // spotless:off
    // snippet: kafka-java start
    StructType schema = StructType.fromDDL("ts TIMESTAMP, model_version STRING, country STRING, "
        + "prediction DOUBLE, target DOUBLE, logits ARRAY<DOUBLE>, label INT");
    Dataset<Row> scores = spark.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrapServers)    // e.g. "broker1:9092,broker2:9092"
        .option("subscribe", "scores")
        .option("startingOffsets", "earliest")  // a new query starts at the topic's first record
        .load()
        .select(from_json(col("value").cast("string"), schema).as("score"))
        .select("score.*")
        .withWatermark("ts", "30 minutes");
    Dataset<Row> losses = scores
        .groupBy(window(col("ts"), "1 hour"), col("model_version"), col("country"))
        .agg(count("*").as("rows"),
            LossColumns.loss("mse_loss", col("prediction"), col("target")).as("mse"),
            LossColumns.ci("mse_loss", col("prediction"), col("target")).as("mse_ci"),
            LossColumns.loss("cross_entropy", col("logits"), col("label")).as("ce"));
    StreamingQuery query = losses.writeStream()
        .outputMode("append")
        .format("parquet").option("path", results)
        .option("checkpointLocation", checkpoint)
        .start();
    // snippet: kafka-java end
    // spotless:on
    return query;
  }

  @Test
  void thePageShowsTheCodeThatRuns() {
    assertEquals(
        DocSnippets.code(
            Path.of("src/test/java/io/losseval/streaming/KafkaSourceIT.java"), "kafka-java"),
        DocSnippets.block("docs/streaming.md", "kafka-java"));
  }

  /** The page's spark-submit line names the Kafka module and the bundle jar these tests run. */
  @Test
  void thePackagesAreTheOnesTheTestsRun() {
    String block = DocSnippets.block("docs/streaming.md", "kafka-packages");
    Matcher m = null;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Matcher jar = KAFKA_SOURCE_JAR.matcher(Path.of(entry).getFileName().toString());
      if (jar.matches()) {
        m = jar;
      }
    }
    assertTrue(m != null, "no spark-sql-kafka-0-10 jar on the test class path");
    String coordinates = "org.apache.spark:spark-sql-kafka-0-10_" + m.group(1) + ":" + m.group(2);
    assertTrue(block.contains("--packages " + coordinates + " "), block);
    assertEquals(SharedSpark.get().version(), m.group(2));
    String bundle = Path.of(System.getProperty("losseval.jar")).getFileName().toString();
    assertTrue(block.contains("--jars " + bundle + " "), bundle + "\n" + block);
  }

  /** The page's example record has every field of the example's schema, and nothing else. */
  @Test
  void theExampleRecordFillsTheSchema() throws Exception {
    String record = DocSnippets.block("docs/streaming.md", "kafka-record").trim();
    SparkSession spark = SharedSpark.get();
    Row parsed =
        spark
            .sql(
                "SELECT from_json(v, '"
                    + SCHEMA
                    + "', map('mode', 'FAILFAST')) FROM VALUES ('"
                    + record
                    + "') AS t(v)")
            .first()
            .getStruct(0);
    for (int i = 0; i < parsed.length(); i++) {
      assertTrue(!parsed.isNullAt(i), parsed.schema().fields()[i].name());
    }
    List<String> fields = new ArrayList<>();
    new ObjectMapper().readTree(record).fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of(parsed.schema().fieldNames()), fields);
  }

  /** What the sink held after a trigger, and the watermark then (from the start of the day). */
  record Stage(long watermark, int closedHours, List<Row> written) {}

  /**
   * The sink held exactly the closed windows (those ending before the watermark) of the batch query
   * over the topic, bit for bit, each once, with the row counts produced. Windows close only after
   * their last record has arrived, so the batch query over the whole topic at the end has each
   * closed window's final values.
   */
  void assertSinkIsTheBatchQuery(Stage stage, List<Row> batch) {
    Map<String, String> expected = new TreeMap<>();
    for (Row r : batch) {
      if (r.getStruct(0).getTimestamp(1).getTime() <= DAY.toEpochMilli() + stage.watermark()) {
        expected.putAll(StreamingDocsTest.byKey(List.of(r)));
      }
    }
    String what = "after trigger " + stage.closedHours();
    assertEquals(stage.closedHours() * 6, expected.size(), what + ": closed windows by 6 slices");
    assertEquals(expected, StreamingDocsTest.byKey(stage.written()), what);
    assertEquals(expected.size(), stage.written().size(), what + ": each window once");
    for (Row r : stage.written()) {
      String k = key(r.getStruct(0).getTimestamp(0).getTime(), r.getString(1), r.getString(2));
      assertEquals(producedCounts.get(k), (Integer) (int) r.getLong(3), what + ": rows of " + k);
    }
  }

  /**
   * The batch query of the example over every record now in the topic, windows with a non-NULL
   * start only ({@code where} filters the parsed rows).
   */
  static List<Row> batch(SparkSession spark, String where) {
    spark
        .read()
        .format("kafka")
        .option("kafka.bootstrap.servers", kafka.bootstrapServers())
        .option("subscribe", TOPIC)
        .option("startingOffsets", "earliest")
        .option("endingOffsets", "latest")
        .load()
        .createOrReplaceTempView("kafka_batch");
    return spark
        .sql(
            "SELECT window, model_version, country, count(*) AS rows, "
                + "mse_loss(prediction, target) AS mse, mse_loss_ci(prediction, target) AS mse_ci, "
                + "cross_entropy(logits, label) AS ce "
                + "FROM (SELECT score.* FROM (SELECT from_json(CAST(value AS STRING), '"
                + SCHEMA
                + "') AS score FROM kafka_batch WHERE "
                + where
                + ")) GROUP BY window(ts, '1 hour'), model_version, country")
        .collectAsList();
  }

  /**
   * What a malformed record does: {@code from_json} (PERMISSIVE, its default) gives NULL for each
   * field it cannot read. The truncated record has no event time, so it lands in no window; the
   * record whose prediction is a string counts in {@code count(*)} and in {@code cross_entropy}
   * (its logits and label are fine) but not in {@code mse_loss}, which skips a row with a NULL
   * argument.
   */
  void malformedRecords(SparkSession spark, String results, List<Row> batch) {
    Row parsed =
        spark
            .sql(
                "SELECT from_json(v, '"
                    + SCHEMA
                    + "') AS score FROM VALUES ('"
                    + TRUNCATED
                    + "') AS t(v)")
            .first()
            .getStruct(0);
    for (int i = 0; i < parsed.length(); i++) {
      assertTrue(parsed.isNullAt(i), "field " + i + " of the truncated record");
    }
    assertEquals(
        List.of(), batch.stream().filter(r -> r.isNullAt(0)).toList(), "no group without a window");
    assertEquals(
        3 * 400 + 1 + 1, // the record with the bad field, and the clock record
        batch.stream().mapToLong(r -> r.getLong(3)).sum(),
        "rows in windows: all but the truncated record");

    Row written =
        spark
            .read()
            .parquet(results)
            .where(
                "window.start = timestamp'2026-01-01 02:00:00+00:00' "
                    + "AND model_version = 'v1' AND country = 'DE'")
            .first();
    Row withoutIt =
        batch(spark, "CAST(key AS STRING) <> 'bad'").stream()
            .filter(
                r ->
                    r.getStruct(0).getTimestamp(0).getTime()
                            == Instant.parse("2026-01-01T02:00:00Z").toEpochMilli()
                        && r.getString(1).equals("v1")
                        && r.getString(2).equals("DE"))
            .findFirst()
            .orElseThrow();
    assertEquals(withoutIt.getLong(3) + 1, written.getLong(3), "count(*) counts the record");
    assertEquals(
        Double.doubleToLongBits(withoutIt.getDouble(4)),
        Double.doubleToLongBits(written.getDouble(4)),
        "mse_loss skips it: NULL prediction");
    assertEquals(withoutIt.getStruct(5).toString(), written.getStruct(5).toString());
    assertNotEquals(withoutIt.getDouble(6), written.getDouble(6), "cross_entropy counts it");
    assertEquals(
        1L,
        spark
            .sql(
                "SELECT count(*) - count(score.prediction) FROM (SELECT from_json(CAST(value AS"
                    + " STRING), '"
                    + SCHEMA
                    + "') AS score FROM kafka_batch) "
                    + "WHERE score.ts < timestamp'2026-01-01 05:00:00+00:00'")
            .first()
            .getLong(0),
        "rows whose prediction could not be read, before the clock record");
  }

  /** {@code n} scored records with event times from minute {@code from} to {@code to}. */
  void produce(int n, int from, int to) {
    List<KafkaBroker.Message> messages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // Whole seconds; with this seed the latest one of a part is never at exactly 30 minutes
      // past an hour, so the watermark never falls on a window's end.
      long t = (from * 60L + random.nextInt((to - from) * 60 - 1)) * 1000;
      String version = random.nextBoolean() ? "v1" : "v2";
      String country = List.of("DE", "FR", "JP").get(random.nextInt(3));
      double target = random.nextDouble() * 10;
      double prediction = target + 0.5 * random.nextGaussian();
      String value =
          String.format(
              Locale.ROOT,
              "{\"ts\":\"%s\",\"model_version\":\"%s\",\"country\":\"%s\",\"prediction\":%s,"
                  + "\"target\":%s,\"logits\":[%s,%s,%s],\"label\":%d}",
              DAY.plusMillis(t),
              version,
              country,
              prediction,
              target,
              random.nextGaussian(),
              random.nextGaussian(),
              random.nextGaussian(),
              random.nextInt(3));
      messages.add(new KafkaBroker.Message(version + "/" + country, value));
      producedCounts.merge(
          key(DAY.toEpochMilli() + t / 3_600_000 * 3_600_000, version, country), 1, Integer::sum);
      maxEventTime = Math.max(maxEventTime, t);
    }
    kafka.produce(TOPIC, messages);
  }

  /** The clock record: an event time, and no values. */
  static String record(long t) {
    return String.format(
        "{\"ts\":\"%s\",\"model_version\":\"v1\",\"country\":\"DE\"}", DAY.plusMillis(t));
  }

  static String key(long windowStart, String version, String country) {
    return windowStart + " " + version + " " + country;
  }
}
