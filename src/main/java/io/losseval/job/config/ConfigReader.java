package io.losseval.job.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.JobConfig.InputKind;
import io.losseval.job.config.JobConfig.InputSpec;
import io.losseval.job.config.JobConfig.OutputSpec;
import io.losseval.job.config.JobConfig.ReportSpec;
import io.losseval.job.config.JobConfig.Threshold;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job's configuration schema and the parser's entry point ({@link #read}): which keys exist,
 * what each holds, and how they fit together, read through the generic {@link StrictConfig} and
 * checked before Spark starts. This class reads the file's sections (inputs, slices, {@code from}
 * or {@code query}, outputs, report, console, SQL mode) and checks that no two result columns are
 * alike; {@link ResultsReader} reads the evaluations and comparisons (every loss function
 * registered in the core's catalog, its options valid), {@link ThresholdReader} the thresholds. The
 * format is documented in docs/job.md and conf/example.conf.
 */
public final class ConfigReader {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // Spark's own default of spark.redaction.regex, plus credential.
  private static final Pattern SECRET =
      Pattern.compile("(?i)secret|password|token|access[.]?key|credential");

  /** The section of a streaming job's source, window, sink and checkpoint. */
  public static final String STREAM = "stream";

  private ConfigReader() {}

  /** Reads and checks {@code file} with its command-line {@code overrides} (later ones win). */
  public static JobConfig read(Path file, List<String> overrides) {
    return build(StrictConfig.load(file, overrides), file.toString());
  }

  /**
   * The configuration's model from its keys; a streaming configuration ({@link #STREAM}, read by
   * io.losseval.job.stream) has no inputs: its rows come from the stream's source.
   */
  public static JobConfig build(StrictConfig root, String source) {
    boolean streaming = root.has(STREAM);
    root.allow(
        "inputs",
        "from",
        "query",
        "slices",
        "evaluations",
        "comparisons",
        "thresholds",
        "output",
        "id-column",
        "sql-file",
        "sql-output",
        "sql-allow-writes",
        "console",
        "report",
        STREAM);
    Map<String, InputSpec> inputs = streaming ? Map.of() : inputs(root);
    String sqlFile = root.nonBlank("sql-file", null);
    List<String> sql = sqlFile == null ? null : readSql(sqlFile);
    List<List<String>> slices = slices(root);
    String idColumn = root.nonBlank("id-column", null);
    Map<String, Evaluation> evaluations =
        ResultsReader.evaluations(root, sqlFile == null, idColumn);
    Map<String, Comparison> comparisons = ResultsReader.comparisons(root, evaluations, idColumn);
    List<Threshold> thresholds = ThresholdReader.thresholds(root, evaluations, comparisons, slices);
    String from = root.nonBlank("from", null);
    String query = query(root);
    if (from != null && query != null) {
      throw JobException.config("from and query: give one of them, not both");
    }
    if (from == null && query == null && !streaming) {
      if (inputs.size() != 1 && sqlFile == null) {
        throw JobException.config(
            "from: several inputs ("
                + String.join(", ", inputs.keySet())
                + "); say which to evaluate with from = NAME, or give a query");
      }
      from = inputs.keySet().iterator().next();
    } else if (from != null && !inputs.containsKey(from)) {
      throw JobException.config(
          "from: unknown input '"
              + from
              + "'"
              + root.where("from")
              + "; allowed: "
              + String.join(", ", inputs.keySet()));
    }
    ResultColumns.checkDistinct(slices, ResultsReader.resultColumns(evaluations, comparisons));
    int maxRows = 100;
    if (root.has("console")) {
      StrictConfig console = root.section("console");
      console.allow("max-rows");
      maxRows = (int) console.longAtLeast("max-rows", 1, 100);
    }
    OutputSpec output = output(root, "output");
    return new JobConfig(
        source,
        inputs,
        from,
        query,
        List.copyOf(evaluations.values()),
        slices,
        thresholds,
        output,
        idColumn,
        sqlFile,
        sql,
        output(root, "sql-output"),
        root.bool("sql-allow-writes", false),
        maxRows,
        List.copyOf(comparisons.values()),
        report(root, source, output, sqlFile == null),
        redacted(root.values()));
  }

  /**
   * The report section, or null. Without a path the page goes into the output directory, so one of
   * the two is needed (SQL mode writes no report, so there it is not checked).
   */
  private static ReportSpec report(
      StrictConfig root, String source, OutputSpec output, boolean evaluating) {
    if (!root.has("report")) {
      return null;
    }
    StrictConfig r = root.section("report");
    r.allow("path", "title", "max-chart-values");
    String path = r.nonBlank("path", null);
    if (path == null && output == null && evaluating) {
      throw JobException.config(
          "report: the page goes into the output directory unless "
              + "report.path says where"
              + root.where("report")
              + ", and there is no output; give "
              + "report.path or an output");
    }
    String title = r.nonBlank("title", ReportSpec.defaultTitle(source));
    return new ReportSpec(
        path,
        title,
        (int) r.longAtLeast("max-chart-values", 1, ReportSpec.DEFAULT_MAX_CHART_VALUES));
  }

  /** {@code values} with every value under a key that looks like a secret replaced. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> redacted(Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            out.put(
                k,
                SECRET.matcher(k).find()
                    ? JobConfig.REDACTED
                    : v instanceof Map<?, ?> m
                        ? redacted((Map<String, Object>) m)
                        : v instanceof List<?> l
                            ? l.stream()
                                .map(
                                    e ->
                                        e instanceof Map<?, ?> m
                                            ? redacted((Map<String, Object>) m)
                                            : e)
                                .toList()
                            : v));
    return out;
  }

  private static Map<String, InputSpec> inputs(StrictConfig root) {
    if (!root.has("inputs")) {
      throw JobException.config(
          "inputs: missing; give at least one input, for example "
              + "inputs { predictions { path = \"data/predictions.parquet\", format = parquet } }");
    }
    StrictConfig all = root.section("inputs");
    if (all.keys().isEmpty()) {
      throw JobException.config(
          "inputs: empty" + root.where("inputs") + "; give at least one input");
    }
    Map<String, InputSpec> out = new LinkedHashMap<>();
    for (String name : all.keys()) {
      StrictConfig in = all.section(name);
      identifier(in.prefix(), name, "an input name (it becomes a SQL view)");
      in.allow("path", "format", "options", "table", "sample-rows", "sample-partitions");
      List<String> given = new ArrayList<>();
      for (String k : List.of("path", "table", "sample-rows")) {
        if (in.has(k)) {
          given.add(k);
        }
      }
      if (given.size() != 1) {
        throw JobException.config(
            in.prefix()
                + ": give exactly one of path, table, sample-rows"
                + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")"));
      }
      InputKind kind =
          given.get(0).equals("path")
              ? InputKind.PATH
              : given.get(0).equals("table") ? InputKind.TABLE : InputKind.SAMPLE;
      in.onlyFor(kind == InputKind.PATH, "path inputs", "format", "options");
      in.onlyFor(kind == InputKind.SAMPLE, "sample-rows inputs", "sample-partitions");
      String format =
          kind == InputKind.PATH ? in.choice("format", InputSpec.FORMATS, "parquet") : null;
      Map<String, String> options = new LinkedHashMap<>();
      if (in.has("options")) {
        StrictConfig o = in.section("options");
        for (String k : o.keys()) {
          options.put(k, String.valueOf(o.scalar(k)));
        }
      }
      out.put(
          name,
          new InputSpec(
              name,
              kind,
              in.nonBlank("path", null),
              format,
              options,
              in.nonBlank("table", null),
              kind == InputKind.SAMPLE ? in.longAtLeast("sample-rows", 0, 0) : 0,
              (int) in.longAtLeast("sample-partitions", 1, 0)));
    }
    return out;
  }

  /** The query, as one statement: a trailing ';' is fine, a second statement is not. */
  private static String query(StrictConfig root) {
    String query = root.nonBlank("query", null);
    if (query == null) {
      return null;
    }
    List<String> statements = SqlScript.split(query);
    if (statements.size() != 1) {
      throw JobException.config(
          "query: holds "
              + statements.size()
              + " statements"
              + root.where("query")
              + "; give one query (SELECT ...)");
    }
    return statements.get(0);
  }

  private static List<List<String>> slices(StrictConfig root) {
    if (!root.has("slices")) {
      return List.of(JobConfig.OVERALL);
    }
    List<? extends ConfigValue> list = root.list("slices");
    List<List<String>> out = new ArrayList<>();
    Set<Set<String>> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      ConfigValue v = list.get(i);
      String key = "slices[" + i + "]";
      List<String> columns = new ArrayList<>();
      if (v.valueType() == ConfigValueType.STRING && !((String) v.unwrapped()).isBlank()) {
        columns.add((String) v.unwrapped());
      } else if (v.valueType() == ConfigValueType.LIST) {
        for (Object c : (List<?>) v.unwrapped()) {
          if (!(c instanceof String s) || s.isBlank()) {
            throw JobException.config(
                key
                    + ": expected a list of column names, got "
                    + v.render()
                    + " ("
                    + v.origin().description()
                    + ")");
          }
          columns.add(s);
        }
      } else {
        throw JobException.config(
            key
                + ": expected [] (overall), a column name or a list of "
                + "column names, got "
                + v.render()
                + " ("
                + v.origin().description()
                + ")");
      }
      if (new HashSet<>(columns).size() != columns.size()) {
        throw JobException.config(key + ": a column appears twice in " + columns);
      }
      if (!seen.add(new HashSet<>(columns))) {
        throw JobException.config(key + ": slice " + columns + " is listed twice");
      }
      out.add(List.copyOf(columns));
    }
    return out.isEmpty() ? List.of(JobConfig.OVERALL) : List.copyOf(out);
  }

  /** The output section {@code key} ({@code output} or {@code sql-output}), or null. */
  private static OutputSpec output(StrictConfig root, String key) {
    if (!root.has(key)) {
      return null;
    }
    StrictConfig o = root.section(key);
    o.allow("path", "format", "overwrite");
    String path = o.nonBlank("path", null);
    if (path == null) {
      throw JobException.config(
          key
              + ".path: missing"
              + root.where(key)
              + "; give the directory to write the results to");
    }
    return new OutputSpec(
        key, path, o.choice("format", OutputSpec.FORMATS, "parquet"), o.bool("overwrite", false));
  }

  static void identifier(String key, String name, String what) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw JobException.config(
          key
              + ": '"
              + name
              + "' is not allowed as "
              + what
              + "; use letters, digits and _, not starting with a digit");
    }
  }

  private static List<String> readSql(String file) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw JobException.config("sql-file: cannot read '" + file + "': " + e);
    }
    List<String> statements = SqlScript.split(text);
    if (statements.isEmpty()) {
      throw JobException.config("sql-file: '" + file + "' holds no SQL statement");
    }
    return statements;
  }
}
