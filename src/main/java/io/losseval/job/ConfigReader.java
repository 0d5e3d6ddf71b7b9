package io.losseval.job;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import io.losseval.core.interval.IntervalOptions;
import io.losseval.core.loss.LossCatalog;
import io.losseval.job.JobConfig.Bound;
import io.losseval.job.JobConfig.Comparison;
import io.losseval.job.JobConfig.Evaluation;
import io.losseval.job.JobConfig.InputKind;
import io.losseval.job.JobConfig.InputSpec;
import io.losseval.job.JobConfig.OutputSpec;
import io.losseval.job.JobConfig.ReportSpec;
import io.losseval.job.JobConfig.Threshold;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The job's configuration schema: which keys exist, what each holds, and how they fit together,
 * read through the generic {@link StrictConfig} and checked before Spark starts: every loss
 * function registered in {@link LossCatalog}, its options valid for {@link LossOptions}, every
 * comparison between two evaluations of the same loss, every threshold about a known result (a
 * bound only of a result with an interval), no two result columns alike. The format is documented
 * in docs/job.md and conf/example.conf.
 */
final class ConfigReader {
  static final List<String> FORMATS_IN = List.of("parquet", "orc", "csv", "json");
  static final List<String> FORMATS_OUT = List.of("parquet", "json", "csv");
  static final String SCOPE_OVERALL = "overall";
  static final String SCOPE_EVERY_SLICE = "every-slice";

  /** The section of a streaming job's source, window, sink and checkpoint. */
  static final String STREAM = "stream";

  /** What a run record shows instead of a value whose key looks like a secret. */
  static final String REDACTED = "*** (redacted)";

  /** Default of {@code report.max-chart-values}. */
  static final int MAX_CHART_VALUES = 30;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // Spark's own default of spark.redaction.regex, plus credential.
  private static final Pattern SECRET =
      Pattern.compile("(?i)secret|password|token|access[.]?key|credential");

  private ConfigReader() {}

  /** Reads and checks {@code file} with its command-line {@code overrides} (later ones win). */
  static JobConfig read(Path file, List<String> overrides) {
    return build(StrictConfig.load(file, overrides), file.toString());
  }

  /**
   * The configuration's model from its keys; a streaming configuration ({@link #STREAM}, read by
   * io.losseval.job.stream) has no inputs: its rows come from the stream's source.
   */
  static JobConfig build(StrictConfig root, String source) {
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
    Map<String, Evaluation> evaluations = evaluations(root, sqlFile == null, idColumn);
    Map<String, Comparison> comparisons = comparisons(root, evaluations, idColumn);
    List<Threshold> thresholds = thresholds(root, evaluations, comparisons, slices);
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
    ResultColumns.checkDistinct(slices, resultColumns(evaluations, comparisons));
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
    String title = r.nonBlank("title", defaultTitle(source));
    return new ReportSpec(
        path, title, (int) r.longAtLeast("max-chart-values", 1, MAX_CHART_VALUES));
  }

  /** A run's title when the configuration gives none: "Loss evaluation: NAME" of its file. */
  static String defaultTitle(String source) {
    return "Loss evaluation: "
        + Path.of(source).getFileName().toString().replaceFirst("\\.conf$", "");
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
                    ? REDACTED
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
      String format = kind == InputKind.PATH ? in.choice("format", FORMATS_IN, "parquet") : null;
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

  private static Map<String, Evaluation> evaluations(
      StrictConfig root, boolean required, String idColumn) {
    if (!root.has("evaluations")) {
      if (required) {
        throw JobException.config(
            "evaluations: missing; give at least one, for example "
                + "evaluations { val_mse { loss = mse_loss, columns = [prediction, label] } }"
                + " (or run a SQL file with sql-file = ...)");
      }
      return Map.of();
    }
    StrictConfig all = root.section("evaluations");
    if (required && all.keys().isEmpty()) {
      throw JobException.config("evaluations: empty" + root.where("evaluations"));
    }
    Map<String, Evaluation> out = new LinkedHashMap<>();
    // HOCON objects have no order; results are published in the order of their names.
    for (String name : new TreeSet<>(all.keys())) {
      out.put(name, evaluation(all.section(name), name, idColumn));
    }
    return out;
  }

  private static Evaluation evaluation(StrictConfig e, String name, String idColumn) {
    identifier(e.prefix(), name, "a result name (it becomes an output column)");
    e.allow(
        "loss",
        "columns",
        "reduction",
        "options",
        IntervalOptions.CONFIDENCE,
        IntervalOptions.BUCKETS,
        KEY);
    List<String> known = LossCatalog.all().stream().map(LossDefinition::name).toList();
    String function = e.choice("loss", known, null);
    LossDefinition loss = LossCatalog.get(function);
    List<String> arguments = loss.arguments();
    List<String> columns = new ArrayList<>();
    String key = e.name("columns");
    if (!e.has("columns")) {
      throw JobException.config(
          key
              + ": missing; "
              + function
              + " takes the columns "
              + String.join(", ", arguments)
              + ", e.g. columns = ["
              + String.join(", ", arguments)
              + "] or columns { "
              + arguments.get(0)
              + " = ... }");
    }
    if (e.type("columns") == ConfigValueType.LIST) {
      for (ConfigValue v : e.list("columns")) {
        if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isEmpty()) {
          throw JobException.config(
              key
                  + ": expected column names, got "
                  + v.render()
                  + " ("
                  + v.origin().description()
                  + ")");
        }
        columns.add((String) v.unwrapped());
      }
      if (columns.size() != arguments.size()) {
        throw JobException.config(
            key
                + ": "
                + function
                + " takes "
                + arguments.size()
                + " columns ("
                + String.join(", ", arguments)
                + "), got "
                + columns.size()
                + e.where("columns"));
      }
    } else {
      StrictConfig c = e.section("columns");
      c.allow(arguments.toArray(new String[0]));
      for (String argument : arguments) {
        if (!c.has(argument)) {
          throw JobException.config(
              c.name(argument)
                  + ": missing; "
                  + function
                  + " takes the columns "
                  + String.join(", ", arguments));
        }
        columns.add(c.nonBlank(argument, null));
      }
    }
    Reduction reduction = Reduction.MEAN;
    if (e.has("reduction")) {
      try {
        reduction = Reduction.parse(function, e.string("reduction"));
      } catch (LossArgumentException ex) {
        throw JobException.config(
            e.name("reduction") + ": " + ex.getMessage() + e.where("reduction"));
      }
    }
    boolean interval =
        e.has(IntervalOptions.CONFIDENCE) || e.has(IntervalOptions.BUCKETS) || e.has(KEY);
    return new Evaluation(
        name,
        loss,
        List.copyOf(columns),
        reduction,
        options(e, loss),
        interval ? interval(e, function) : null,
        interval ? e.nonBlank(KEY, idColumn) : null);
  }

  /**
   * The key of an evaluation's or a comparison's interval settings: the column whose values bucket
   * the rows (a row id, or a cluster id such as a user); the id-column by default.
   */
  static final String KEY = "key";

  /**
   * The {@code confidence} and {@code buckets} keys of {@code o} (absent ones at their defaults),
   * each checked at its own key against {@link IntervalOptions#SPECS} as the SQL function {@code
   * function_ci} checks them.
   */
  private static IntervalOptions interval(StrictConfig o, String function) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (OptionSpec spec : IntervalOptions.SPECS) {
      if (o.has(spec.name())) {
        Object value = typed(o, spec.name(), spec);
        try {
          LossOptions.parse(function + "_ci", IntervalOptions.SPECS, Map.of(spec.name(), value));
        } catch (LossArgumentException ex) {
          throw JobException.config(
              o.name(spec.name()) + ": " + ex.getMessage() + o.where(spec.name()));
        }
        raw.put(spec.name(), value);
      }
    }
    LossOptions parsed = LossOptions.parse(function + "_ci", IntervalOptions.SPECS, raw);
    return new IntervalOptions(
        parsed.getDouble(IntervalOptions.CONFIDENCE),
        (int) parsed.getLong(IntervalOptions.BUCKETS));
  }

  /**
   * The comparisons by name, in name order: each of a candidate and a baseline evaluation of the
   * same loss with the same reduction and options, with an interval of its own options.
   */
  private static Map<String, Comparison> comparisons(
      StrictConfig root, Map<String, Evaluation> evaluations, String idColumn) {
    if (!root.has("comparisons")) {
      return Map.of();
    }
    StrictConfig all = root.section("comparisons");
    Map<String, Comparison> out = new LinkedHashMap<>();
    for (String name : new TreeSet<>(all.keys())) {
      StrictConfig c = all.section(name);
      identifier(c.prefix(), name, "a comparison name (it becomes an output column)");
      if (evaluations.containsKey(name)) {
        throw JobException.config(
            c.prefix()
                + ": '"
                + name
                + "' is also an evaluation's name"
                + all.where(name)
                + "; a comparison needs a name of its own (its output column)");
      }
      c.allow("candidate", "baseline", IntervalOptions.CONFIDENCE, IntervalOptions.BUCKETS, KEY);
      List<String> known = List.copyOf(evaluations.keySet());
      Evaluation candidate = evaluations.get(c.choice("candidate", known, null));
      Evaluation baseline = evaluations.get(c.choice("baseline", known, null));
      if (candidate == baseline) {
        throw JobException.config(
            c.prefix()
                + ": candidate and baseline are both '"
                + candidate.name()
                + "'"
                + c.where("baseline")
                + "; compare two evaluations");
      }
      String function = candidate.loss().name();
      sameForBoth(c, candidate, baseline, "loss", function, baseline.loss().name());
      sameForBoth(
          c,
          candidate,
          baseline,
          "reduction",
          candidate.reduction().sqlName(),
          baseline.reduction().sqlName());
      sameForBoth(
          c,
          candidate,
          baseline,
          "options",
          LossOptions.parse(function, candidate.loss().options(), candidate.options()).canonical(),
          LossOptions.parse(function, baseline.loss().options(), baseline.options()).canonical());
      out.put(
          name,
          new Comparison(
              name,
              candidate.name(),
              baseline.name(),
              interval(c, function),
              c.nonBlank(KEY, idColumn)));
    }
    return out;
  }

  /** Fails unless the candidate's and the baseline's {@code key} agree, naming both keys. */
  private static void sameForBoth(
      StrictConfig c,
      Evaluation candidate,
      Evaluation baseline,
      String key,
      String ofCandidate,
      String ofBaseline) {
    if (!ofCandidate.equals(ofBaseline)) {
      throw JobException.config(
          c.prefix()
              + ": evaluations."
              + candidate.name()
              + "."
              + key
              + " is "
              + ofCandidate
              + " but evaluations."
              + baseline.name()
              + "."
              + key
              + " is "
              + ofBaseline
              + "; a comparison needs two evaluations of the same loss with the same "
              + "reduction and options (only the columns differ)");
    }
  }

  /** Every result's output columns by the key that configures it, in output order. */
  private static Map<String, List<String>> resultColumns(
      Map<String, Evaluation> evaluations, Map<String, Comparison> comparisons) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    evaluations
        .values()
        .forEach(
            e ->
                out.put(
                    "evaluations." + e.name(),
                    ResultColumns.ofEvaluation(e.name(), e.hasInterval())));
    comparisons.keySet().forEach(c -> out.put("comparisons." + c, ResultColumns.ofComparison(c)));
    return out;
  }

  /**
   * The evaluation's options converted to each option's declared type (the command line gives
   * strings), then checked by the core's {@link LossOptions#parse}: unknown names, wrong types and
   * values out of range fail here, before Spark starts, at the option's own line; only what needs
   * the columns' shapes is left for Spark's analysis.
   */
  private static Map<String, Object> options(StrictConfig e, LossDefinition loss) {
    if (!e.has("options")) {
      return Map.of();
    }
    StrictConfig o = e.section("options");
    Map<String, OptionSpec> specs = new LinkedHashMap<>();
    loss.options().forEach(s -> specs.put(s.name(), s));
    Map<String, Object> raw = new LinkedHashMap<>();
    for (String k : o.keys()) {
      OptionSpec spec = specs.get(k);
      Object value = spec == null ? o.scalar(k) : typed(o, k, spec);
      try {
        LossOptions.parse(loss.name(), loss.options(), Map.of(k, value));
      } catch (LossArgumentException ex) {
        // An unknown option belongs to the options object, a bad value to its own key.
        throw JobException.config(
            (spec == null ? o.prefix() : o.name(k)) + ": " + ex.getMessage() + o.where(k));
      }
      raw.put(k, value);
    }
    LossOptions parsed;
    try {
      parsed = LossOptions.parse(loss.name(), loss.options(), raw);
    } catch (LossArgumentException ex) { // a rule about several options together
      throw JobException.config(o.prefix() + ": " + ex.getMessage() + e.where("options"));
    }
    Map<String, Object> given = new LinkedHashMap<>();
    raw.keySet().forEach(k -> given.put(k, parsed.asMap().get(k)));
    return given;
  }

  /** The value converted to the option's type, so that "0.1" from the command line works. */
  private static Object typed(StrictConfig o, String key, OptionSpec spec) {
    String expected = spec.type().description();
    switch (spec.type()) {
      case DOUBLE:
      case INTEGER:
        return o.numeric(key, expected);
      case BOOLEAN:
        return o.booleanValue(key, expected);
      case STRING:
        return o.string(key);
      case DOUBLE_ARRAY:
        return o.numbers(key, expected);
      default:
        return o.scalar(key);
    }
  }

  private static List<Threshold> thresholds(
      StrictConfig root,
      Map<String, Evaluation> evaluations,
      Map<String, Comparison> comparisons,
      List<List<String>> slices) {
    if (!root.has("thresholds")) {
      return List.of();
    }
    List<? extends ConfigValue> list = root.list("thresholds");
    List<String> results = new ArrayList<>(evaluations.keySet());
    results.addAll(comparisons.keySet());
    List<String> bounds = Stream.of(Bound.values()).map(Bound::key).toList();
    List<Threshold> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String prefix = "thresholds[" + i + "]";
      StrictConfig t = StrictConfig.element(list.get(i), prefix, "{ result = NAME, max = NUMBER }");
      t.allow("result", "min", "max", "scope", "bound");
      String result = t.choice("result", results, null);
      Bound bound =
          Bound.valueOf(t.choice("bound", bounds, Bound.VALUE.key()).toUpperCase(Locale.ROOT));
      Evaluation evaluation = evaluations.get(result);
      if (bound != Bound.VALUE && evaluation != null && !evaluation.hasInterval()) {
        throw JobException.config(
            prefix
                + ".bound: "
                + bound.key()
                + " needs an interval, but "
                + "evaluations."
                + result
                + " has none"
                + t.where("bound")
                + "; set evaluations."
                + result
                + ".confidence (e.g. 0.95) to compute one");
      }
      Double min = t.has("min") ? t.number("min") : null;
      Double max = t.has("max") ? t.number("max") : null;
      if (min == null && max == null) {
        throw JobException.config(
            prefix
                + ": give max (value <= max), min (value >= min) or "
                + "both"
                + t.where("result"));
      }
      boolean everySlice =
          t.choice("scope", List.of(SCOPE_OVERALL, SCOPE_EVERY_SLICE), SCOPE_OVERALL)
              .equals(SCOPE_EVERY_SLICE);
      if (!everySlice && !slices.contains(JobConfig.OVERALL)) {
        throw JobException.config(
            prefix
                + ".scope: the threshold applies to the overall row, "
                + "but slices has no overall entry []; add [] to slices or set scope = "
                + SCOPE_EVERY_SLICE);
      }
      out.add(new Threshold(result, min, max, everySlice, bound));
    }
    return List.copyOf(out);
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
        key, path, o.choice("format", FORMATS_OUT, "parquet"), o.bool("overwrite", false));
  }

  private static void identifier(String key, String name, String what) {
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
