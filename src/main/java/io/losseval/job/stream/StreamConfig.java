package io.losseval.job.stream;

import io.losseval.job.JobDefinitions;
import io.losseval.job.JobException;
import io.losseval.job.config.StrictConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.StructType;

/**
 * A streaming job's configuration: the {@code stream} section (source, event time, window,
 * watermark, sink, checkpoint, trigger), and the batch job's slices, evaluations, comparisons and
 * thresholds beside it, read by the batch job's own reader ({@link JobDefinitions}). Everything is
 * checked before Spark starts; a mistake is a configuration error (exit code 2) naming the key. The
 * format is documented in docs/streaming-job.md.
 *
 * @param source where the rows come from
 * @param eventTime the column of each row's event time (a timestamp): its window and its lateness
 * @param window the window's length, as Spark's {@code window()} takes it ({@code 10 minutes})
 * @param slide how far consecutive windows start apart, or null for tumbling windows
 * @param watermark how late a row may arrive: a window is emitted, once, when the latest event time
 *     seen minus this passes its end, and rows behind it are dropped
 * @param sink where the windows' result rows go
 * @param checkpoint the query's checkpoint location (offsets and every open window's state)
 * @param trigger the interval between micro-batches, null for "as soon as the last one finished",
 *     or {@link #AVAILABLE_NOW}
 * @param definitions the evaluations, slices and thresholds, as the batch job reads them
 */
public record StreamConfig(
    Source source,
    String eventTime,
    String window,
    String slide,
    String watermark,
    Sink sink,
    String checkpoint,
    String trigger,
    JobDefinitions definitions) {

  /** The {@code stream.trigger} value that processes what has arrived, then stops. */
  public static final String AVAILABLE_NOW = "available-now";

  /** Columns the streaming job adds to every result row. */
  static final String WINDOW_START = "window_start";

  static final String WINDOW_END = "window_end";
  static final String VIOLATIONS = "violations";

  /** The folder sink's partition column: the micro-batch that wrote the rows. */
  static final String BATCH_ID = "batch_id";

  static final List<String> FORMATS_IN = List.of("parquet", "orc", "csv", "json");
  static final List<String> FORMATS_OUT = List.of("parquet", "json");

  // Spark's interval syntax as window() and withWatermark() take it: "10 minutes", "1 hour 30 min".
  private static final Pattern DURATION =
      Pattern.compile(
          "(?i)\\s*(\\d+\\s+(milliseconds?|seconds?|minutes?|hours?|days?|weeks?)\\s*)+");

  // Batch keys with no meaning in a streaming job, and what to use instead.
  private static final Map<String, String> BATCH_ONLY =
      Map.of(
          "inputs", "the rows come from stream.source",
          "from", "the rows come from stream.source",
          "query", "the rows come from stream.source as they are",
          "output", "the results go to stream.sink",
          "report", "a streaming job writes no report; its rows go to stream.sink",
          "console", "a streaming job prints no table",
          "sql-file", "SQL mode is a batch mode",
          "sql-output", "SQL mode is a batch mode",
          "sql-allow-writes", "SQL mode is a batch mode");

  /**
   * Where rows come from: a folder of arriving files, or a Kafka topic of JSON values.
   *
   * @param path the folder, or null for Kafka; every new file in it is read once, in the
   *     micro-batch after it appears
   * @param format parquet, orc, csv or json (JSON lines); json for Kafka (the records' values)
   * @param schema the rows' schema in Spark's DDL ({@code ts TIMESTAMP, prediction DOUBLE, ...}): a
   *     stream does not infer one
   * @param options reader options (e.g. {@code maxFilesPerTrigger}, {@code maxOffsetsPerTrigger})
   * @param kafka the topic, or null for a folder
   */
  public record Source(
      String path, String format, String schema, Map<String, String> options, Kafka kafka) {

    /** How the console names it. */
    String describe() {
      return kafka == null
          ? path + " (" + format + ")"
          : "Kafka topic " + kafka.topic() + " at " + kafka.bootstrapServers() + " (json)";
    }
  }

  /**
   * Where result rows go: a folder, one subfolder {@code batch_id=N} per micro-batch that closed a
   * window, or a Kafka topic (one JSON record per row).
   *
   * @param path the folder, or null for Kafka
   * @param format parquet or json (JSON lines); json for Kafka
   * @param kafka the topic, or null for a folder
   */
  public record Sink(String path, String format, Kafka kafka) {

    /** How the console names it. */
    String describe() {
      return kafka == null
          ? path + " (" + format + ")"
          : "Kafka topic " + kafka.topic() + " at " + kafka.bootstrapServers() + " (json)";
    }
  }

  /**
   * A Kafka topic.
   *
   * @param bootstrapServers the brokers' {@code host:port} list
   * @param topic the topic
   * @param startingOffsets where a source's first run starts: earliest or latest (Spark's default);
   *     later runs carry on from the checkpoint. Null for a sink
   */
  public record Kafka(String bootstrapServers, String topic, String startingOffsets) {}

  /** Whether the trigger processes what has arrived, then stops. */
  public boolean availableNow() {
    return AVAILABLE_NOW.equals(trigger);
  }

  /** Reads the configuration whose root is {@code root} ({@code source} names it in messages). */
  public static StreamConfig read(StrictConfig root, String source) {
    StrictConfig s = root.section("stream");
    if (s.keys().equals(Set.of("trigger")) && !s.has("source")) {
      throw JobException.config(
          "stream: only stream.trigger is set"
              + s.where("trigger")
              + "; --available-now and stream.* keys are for a streaming job, whose stream"
              + " section gives source, event-time, window, watermark, sink and checkpoint (see"
              + " docs/streaming-job.md); run a batch configuration without them");
    }
    for (String key : root.keys()) {
      if (BATCH_ONLY.containsKey(key)) {
        throw JobException.config(
            key
                + ": not used by a streaming job (the configuration has a stream section)"
                + root.where(key)
                + "; "
                + BATCH_ONLY.get(key));
      }
    }
    s.allow("source", "event-time", "window", "watermark", "sink", "checkpoint", "trigger");
    Source src = source(s);
    String eventTime = s.nonBlank("event-time", null);
    if (!s.has("window")) {
      throw JobException.config(
          s.name("window")
              + ": missing; give the windows' length, e.g. window { duration = \"10 minutes\" }"
              + " (and slide = \"5 minutes\" for sliding windows)");
    }
    StrictConfig w = s.section("window");
    w.allow("duration", "slide");
    if (eventTime == null) {
      throw JobException.config(
          s.name("event-time")
              + ": missing; "
              + s.name("window")
              + " needs the column of each row's event time (a timestamp), e.g. event-time = ts");
    }
    String window = duration(w, "duration", true);
    String slide = duration(w, "slide", false);
    String watermark = duration(s, "watermark", true);
    String checkpoint = s.nonBlank("checkpoint", null);
    if (checkpoint == null) {
      throw JobException.config(
          s.name("checkpoint")
              + ": missing; give a folder of the query's own, e.g. checkpoint ="
              + " \"checkpoints/losses\": it holds the offsets read and every open window's"
              + " state, so that a restart carries on where the last run stopped");
    }
    String trigger =
        s.has("trigger") && s.string("trigger").trim().equalsIgnoreCase(AVAILABLE_NOW)
            ? AVAILABLE_NOW
            : duration(s, "trigger", false);
    Sink sink = sink(s);
    JobDefinitions definitions = JobDefinitions.read(root, source);
    for (String column : definitions.columns()) {
      for (String added : List.of(WINDOW_START, WINDOW_END, VIOLATIONS, BATCH_ID)) {
        if (column.equalsIgnoreCase(added)) {
          throw JobException.config(
              "'"
                  + column
                  + "' (a slice column or a result's column) would clash with the column "
                  + added
                  + " the streaming job adds; rename it");
        }
      }
    }
    return new StreamConfig(
        src, eventTime, window, slide, watermark, sink, checkpoint, trigger, definitions);
  }

  private static Source source(StrictConfig s) {
    if (!s.has("source")) {
      throw JobException.config(
          s.name("source")
              + ": missing; give the folder the rows arrive in, e.g. source { path ="
              + " \"incoming\", format = json, schema = \"ts TIMESTAMP, prediction DOUBLE, label"
              + " DOUBLE\" }, or a Kafka topic: source { kafka { bootstrap-servers ="
              + " \"host:9092\", topic = predictions }, schema = \"...\" }");
    }
    StrictConfig in = s.section("source");
    in.allow("path", "kafka", "format", "schema", "options");
    Kafka kafka = kafka(in, true);
    String path = in.nonBlank("path", null);
    if ((path == null) == (kafka == null)) {
      throw JobException.config(
          in.prefix()
              + ": give one of path (a folder the rows arrive in) and kafka { ... } (a topic)"
              + (path == null ? "" : ", not both"));
    }
    String schema = in.nonBlank("schema", null);
    if (schema == null) {
      throw JobException.config(
          in.name("schema")
              + ": missing; a stream does not infer its schema: give it in Spark's DDL, e.g."
              + " schema = \"ts TIMESTAMP, model_version STRING, prediction DOUBLE\""
              + (kafka == null ? "" : " (the fields of the records' JSON values)"));
    }
    try {
      StructType.fromDDL(schema);
    } catch (Exception e) { // Spark's ParseException, a checked exception in Java
      throw JobException.config(
          in.name("schema")
              + ": '"
              + schema
              + "'"
              + in.where("schema")
              + " is not a schema in Spark's DDL ("
              + e.getMessage().strip().lines().findFirst().orElse("")
              + ")");
    }
    Map<String, String> options = new LinkedHashMap<>();
    if (in.has("options")) {
      StrictConfig o = in.section("options");
      for (String k : o.keys()) {
        options.put(k, String.valueOf(o.scalar(k)));
      }
    }
    String format =
        kafka == null
            ? in.choice("format", FORMATS_IN, "parquet")
            : in.choice("format", List.of("json"), "json");
    return new Source(path, format, schema, options, kafka);
  }

  /** The {@code kafka} section of a source or a sink, or null. */
  private static Kafka kafka(StrictConfig c, boolean source) {
    if (!c.has("kafka")) {
      return null;
    }
    StrictConfig k = c.section("kafka");
    if (source) {
      k.allow("bootstrap-servers", "topic", "starting-offsets");
    } else {
      k.allow("bootstrap-servers", "topic");
    }
    String servers = k.nonBlank("bootstrap-servers", null);
    String topic = k.nonBlank("topic", null);
    if (servers == null || topic == null) {
      throw JobException.config(
          k.name(servers == null ? "bootstrap-servers" : "topic")
              + ": missing; a Kafka "
              + (source ? "source" : "sink")
              + " needs bootstrap-servers = \"host:9092,...\" and topic = NAME");
    }
    return new Kafka(
        servers,
        topic,
        source ? k.choice("starting-offsets", List.of("earliest", "latest"), "latest") : null);
  }

  private static Sink sink(StrictConfig s) {
    if (!s.has("sink")) {
      throw JobException.config(
          s.name("sink")
              + ": missing; give the folder the windows' results go to, e.g. sink { path ="
              + " \"results/losses\", format = parquet }, or a Kafka topic: sink { kafka {"
              + " bootstrap-servers = \"host:9092\", topic = losses } }");
    }
    StrictConfig out = s.section("sink");
    out.allow("path", "kafka", "format");
    Kafka kafka = kafka(out, false);
    String path = out.nonBlank("path", null);
    if ((path == null) == (kafka == null)) {
      throw JobException.config(
          out.prefix()
              + ": give one of path (a folder for the windows' results) and kafka { ... } (a"
              + " topic)"
              + (path == null ? "" : ", not both"));
    }
    String format =
        kafka == null
            ? out.choice("format", FORMATS_OUT, "parquet")
            : out.choice("format", List.of("json"), "json");
    return new Sink(path, format, kafka);
  }

  /** A duration at {@code key} in Spark's interval syntax, or null when absent and optional. */
  private static String duration(StrictConfig c, String key, boolean required) {
    if (!c.has(key)) {
      if (required) {
        throw JobException.config(
            c.name(key)
                + ": missing; give a duration such as \"10 minutes\""
                + (key.equals("watermark")
                    ? " (how late a row may arrive: each window is emitted once the latest event"
                        + " time seen, minus this, passes its end)"
                    : ""));
      }
      return null;
    }
    String v = c.string(key).trim();
    if (!DURATION.matcher(v).matches() || v.replaceAll("[^1-9]", "").isEmpty()) {
      throw JobException.config(
          c.name(key)
              + ": '"
              + v
              + "'"
              + c.where(key)
              + " is not a duration; give a positive number and a unit, e.g. \"30 seconds\","
              + " \"10 minutes\", \"1 hour\" (units: milliseconds, seconds, minutes, hours, days, weeks)"
              + (key.equals("trigger") ? ", or " + AVAILABLE_NOW : ""));
    }
    return v.toLowerCase(Locale.ROOT);
  }
}
