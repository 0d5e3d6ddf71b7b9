package io.losseval.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.losseval.core.LossArgumentException;
import io.losseval.core.loss.LossCatalog;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import io.losseval.job.JobConfig.Evaluation;
import io.losseval.job.JobConfig.InputKind;
import io.losseval.job.JobConfig.InputSpec;
import io.losseval.job.JobConfig.OutputSpec;
import io.losseval.job.JobConfig.Threshold;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the job's HOCON configuration (Typesafe Config) with command-line overrides, and checks
 * all of it before Spark starts: every key must be known, every loss function registered in
 * {@link LossCatalog}, its options valid for {@link LossOptions}, every threshold about a known
 * result. Each error names the key, where it was set, and what is allowed. The format is
 * documented in jobs/README.md and conf/example.conf.
 */
final class ConfigReader {
  static final List<String> FORMATS_IN = List.of("parquet", "orc", "csv", "json");
  static final List<String> FORMATS_OUT = List.of("parquet", "json", "csv");
  static final String SCOPE_OVERALL = "overall";
  static final String SCOPE_EVERY_SLICE = "every-slice";
  /** Output columns every result has, besides slice keys and evaluations. */
  static final String SLICE_COLUMN = "slice";
  static final String ROWS_COLUMN = "rows";
  static final String ROWS_SUFFIX = "_rows";
  static final String SKIPPED_SUFFIX = "_skipped";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String COMMAND_LINE = "command line";

  private ConfigReader() {}

  /**
   * Reads {@code file}, applies {@code overrides} ({@code key=value}, later ones win; a value
   * starting with '[', '{' or '"', and null (which unsets a key), is parsed as HOCON, anything
   * else is a string that the key's type converts) and resolves substitutions (environment
   * variables included).
   */
  static JobConfig read(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) {
      throw JobException.config("configuration file not found: " + file);
    }
    Config config;
    try {
      config = ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setAllowMissing(false));
      for (String o : overrides) {
        config = override(o).withFallback(config);
      }
      config = config.resolve();
    } catch (ConfigException e) {
      throw JobException.config("invalid configuration: " + e.getMessage());
    }
    return build(new Section(config, ""), file.toString());
  }

  private static Config override(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw JobException.config("command-line override '" + assignment
          + "' is not key=value (for example output.overwrite=true)");
    }
    String key = assignment.substring(0, eq).trim();
    String value = assignment.substring(eq + 1).trim();
    ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription(COMMAND_LINE);
    if (value.startsWith("[") || value.startsWith("{") || value.startsWith("\"")
        || value.equals("null")) {
      return ConfigFactory.parseString(key + " = " + value, origin);
    }
    // Kept as a string so that paths like hdfs://x or s3a://b/k//v survive HOCON's comment
    // syntax; Typesafe Config converts strings to numbers and booleans where a key needs one.
    return ConfigFactory.parseMap(Map.of(key, value), COMMAND_LINE);
  }

  private static JobConfig build(Section root, String source) {
    root.allow("inputs", "from", "query", "slices", "evaluations", "thresholds", "output",
        "sql-file", "console");
    Map<String, InputSpec> inputs = inputs(root);
    String sqlFile = root.optString("sql-file", null);
    List<String> sql = sqlFile == null ? null : readSql(sqlFile);
    List<List<String>> slices = slices(root);
    Map<String, Evaluation> evaluations = evaluations(root, sqlFile == null);
    List<Threshold> thresholds = thresholds(root, evaluations.keySet(), slices);
    String from = root.optString("from", null);
    String query = root.optString("query", null);
    if (from != null && query != null) {
      throw JobException.config("from and query: give one of them, not both");
    }
    if (from == null && query == null) {
      if (inputs.size() != 1 && sqlFile == null) {
        throw JobException.config("from: several inputs (" + String.join(", ", inputs.keySet())
            + "); say which to evaluate with from = NAME, or give a query");
      }
      from = inputs.keySet().iterator().next();
    } else if (from != null && !inputs.containsKey(from)) {
      throw JobException.config("from: unknown input '" + from + "'" + root.where("from")
          + "; allowed: " + String.join(", ", inputs.keySet()));
    }
    checkOutputColumns(evaluations.keySet(), slices);
    int maxRows = 100;
    if (root.has("console")) {
      Section console = root.section("console");
      console.allow("max-rows");
      maxRows = (int) console.longAtLeast("max-rows", 1, 100);
    }
    return new JobConfig(source, inputs, from, query, List.copyOf(evaluations.values()), slices,
        thresholds, output(root), sqlFile, sql, maxRows);
  }

  private static Map<String, InputSpec> inputs(Section root) {
    if (!root.has("inputs")) {
      throw JobException.config("inputs: missing; give at least one input, for example "
          + "inputs { predictions { path = \"data/predictions.parquet\", format = parquet } }");
    }
    Section all = root.section("inputs");
    if (all.keys().isEmpty()) {
      throw JobException.config("inputs: empty" + root.where("inputs")
          + "; give at least one input");
    }
    Map<String, InputSpec> out = new LinkedHashMap<>();
    for (String name : all.keys()) {
      Section in = all.section(name);
      identifier(in.prefix, name, "an input name (it becomes a SQL view)");
      in.allow("path", "format", "options", "table", "sample-rows", "sample-partitions");
      List<String> given = new ArrayList<>();
      for (String k : List.of("path", "table", "sample-rows")) {
        if (in.has(k)) {
          given.add(k);
        }
      }
      if (given.size() != 1) {
        throw JobException.config(in.prefix + ": give exactly one of path, table, sample-rows"
            + (given.isEmpty() ? "" : " (got " + String.join(", ", given) + ")"));
      }
      InputKind kind = given.get(0).equals("path") ? InputKind.PATH
          : given.get(0).equals("table") ? InputKind.TABLE : InputKind.SAMPLE;
      in.onlyFor(kind == InputKind.PATH, "path inputs", "format", "options");
      in.onlyFor(kind == InputKind.SAMPLE, "sample-rows inputs", "sample-partitions");
      String format = kind == InputKind.PATH ? in.choice("format", FORMATS_IN, "parquet") : null;
      Map<String, String> options = new LinkedHashMap<>();
      if (in.has("options")) {
        Section o = in.section("options");
        for (String k : o.keys()) {
          options.put(k, String.valueOf(o.scalar(k)));
        }
      }
      out.put(name, new InputSpec(name, kind, in.optString("path", null), format, options,
          in.optString("table", null),
          kind == InputKind.SAMPLE ? in.longAtLeast("sample-rows", 0, 0) : 0,
          (int) in.longAtLeast("sample-partitions", 1, 0)));
    }
    return out;
  }

  private static List<List<String>> slices(Section root) {
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
      if (v.valueType() == ConfigValueType.STRING) {
        columns.add((String) v.unwrapped());
      } else if (v.valueType() == ConfigValueType.LIST) {
        for (Object c : (List<?>) v.unwrapped()) {
          if (!(c instanceof String s) || s.isBlank()) {
            throw JobException.config(key + ": expected a list of column names, got "
                + v.render() + " (" + v.origin().description() + ")");
          }
          columns.add(s);
        }
      } else {
        throw JobException.config(key + ": expected [] (overall), a column name or a list of "
            + "column names, got " + v.render() + " (" + v.origin().description() + ")");
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

  private static Map<String, Evaluation> evaluations(Section root, boolean required) {
    if (!root.has("evaluations")) {
      if (required) {
        throw JobException.config("evaluations: missing; give at least one, for example "
            + "evaluations { val_mse { loss = mse_loss, columns = [prediction, label] } }"
            + " (or run a SQL file with sql-file = ...)");
      }
      return Map.of();
    }
    Section all = root.section("evaluations");
    if (required && all.keys().isEmpty()) {
      throw JobException.config("evaluations: empty" + root.where("evaluations"));
    }
    Map<String, Evaluation> out = new LinkedHashMap<>();
    // HOCON objects have no order; results are published in the order of their names.
    for (String name : new TreeSet<>(all.keys())) {
      out.put(name, evaluation(all.section(name), name));
    }
    return out;
  }

  private static Evaluation evaluation(Section e, String name) {
    identifier(e.prefix, name, "a result name (it becomes an output column)");
    e.allow("loss", "columns", "reduction", "options");
    List<String> known = LossCatalog.all().stream().map(LossDefinition::name).toList();
    String function = e.choice("loss", known, null);
    LossDefinition loss = LossCatalog.get(function);
    List<String> arguments = loss.arguments();
    List<String> columns = new ArrayList<>();
    String key = e.name("columns");
    if (!e.has("columns")) {
      throw JobException.config(key + ": missing; " + function + " takes the columns "
          + String.join(", ", arguments) + ", e.g. columns = [" + String.join(", ", arguments)
          + "] or columns { " + arguments.get(0) + " = ... }");
    }
    if (e.type("columns") == ConfigValueType.LIST) {
      for (ConfigValue v : e.list("columns")) {
        if (v.valueType() != ConfigValueType.STRING) {
          throw JobException.config(key + ": expected column names, got " + v.render()
              + " (" + v.origin().description() + ")");
        }
        columns.add((String) v.unwrapped());
      }
      if (columns.size() != arguments.size()) {
        throw JobException.config(key + ": " + function + " takes " + arguments.size()
            + " columns (" + String.join(", ", arguments) + "), got " + columns.size()
            + e.where("columns"));
      }
    } else {
      Section c = e.section("columns");
      c.allow(arguments.toArray(new String[0]));
      for (String argument : arguments) {
        if (!c.has(argument)) {
          throw JobException.config(c.name(argument) + ": missing; " + function
              + " takes the columns " + String.join(", ", arguments));
        }
        columns.add(c.string(argument));
      }
    }
    Reduction reduction = Reduction.MEAN;
    if (e.has("reduction")) {
      try {
        reduction = Reduction.parse(function, e.string("reduction"));
      } catch (LossArgumentException ex) {
        throw JobException.config(e.name("reduction") + ": " + ex.getMessage()
            + e.where("reduction"));
      }
    }
    return new Evaluation(name, loss, List.copyOf(columns), reduction, options(e, loss));
  }

  /**
   * The evaluation's options converted to each option's declared type (the command line gives
   * strings), then checked by the core's {@link LossOptions#parse}: unknown names and wrong types
   * fail here, before Spark starts.
   */
  private static Map<String, Object> options(Section e, LossDefinition loss) {
    if (!e.has("options")) {
      return Map.of();
    }
    Section o = e.section("options");
    Map<String, OptionSpec> specs = new LinkedHashMap<>();
    loss.options().forEach(s -> specs.put(s.name(), s));
    Map<String, Object> raw = new LinkedHashMap<>();
    for (String k : o.keys()) {
      OptionSpec spec = specs.get(k);
      raw.put(k, spec == null ? o.scalar(k) : o.typed(k, spec));
    }
    LossOptions parsed;
    try {
      parsed = LossOptions.parse(loss.name(), loss.options(), raw);
    } catch (LossArgumentException ex) {
      throw JobException.config(o.prefix + ": " + ex.getMessage() + e.where("options"));
    }
    Map<String, Object> given = new LinkedHashMap<>();
    raw.keySet().forEach(k -> given.put(k, parsed.asMap().get(k)));
    return given;
  }

  private static List<Threshold> thresholds(Section root, Set<String> results,
      List<List<String>> slices) {
    if (!root.has("thresholds")) {
      return List.of();
    }
    List<? extends ConfigValue> list = root.list("thresholds");
    List<Threshold> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String prefix = "thresholds[" + i + "]";
      if (!(list.get(i) instanceof ConfigObject obj)) {
        throw JobException.config(prefix + ": expected { result = NAME, max = NUMBER }, got "
            + list.get(i).render() + " (" + list.get(i).origin().description() + ")");
      }
      Section t = new Section(obj.toConfig(), prefix);
      t.allow("result", "min", "max", "scope");
      String result = t.choice("result", List.copyOf(results), null);
      Double min = t.has("min") ? t.number("min") : null;
      Double max = t.has("max") ? t.number("max") : null;
      if (min == null && max == null) {
        throw JobException.config(prefix + ": give max (value <= max), min (value >= min) or "
            + "both" + t.where("result"));
      }
      boolean everySlice = t.choice("scope", List.of(SCOPE_OVERALL, SCOPE_EVERY_SLICE),
          SCOPE_OVERALL).equals(SCOPE_EVERY_SLICE);
      if (!everySlice && !slices.contains(JobConfig.OVERALL)) {
        throw JobException.config(prefix + ".scope: the threshold applies to the overall row, "
            + "but slices has no overall entry []; add [] to slices or set scope = "
            + SCOPE_EVERY_SLICE);
      }
      out.add(new Threshold(result, min, max, everySlice));
    }
    return List.copyOf(out);
  }

  private static OutputSpec output(Section root) {
    if (!root.has("output")) {
      return null;
    }
    Section o = root.section("output");
    o.allow("path", "format", "overwrite");
    if (!o.has("path")) {
      throw JobException.config("output.path: missing" + root.where("output")
          + "; give the directory to write the results to");
    }
    return new OutputSpec(o.string("path"), o.choice("format", FORMATS_OUT, "parquet"),
        o.has("overwrite") && o.bool("overwrite"));
  }

  private static void checkOutputColumns(Set<String> results, List<List<String>> slices) {
    Map<String, String> owners = new LinkedHashMap<>();
    owners.put(SLICE_COLUMN, "the slice column");
    owners.put(ROWS_COLUMN, "the rows column");
    for (List<String> slice : slices) {
      for (String c : slice) {
        owners.put(c.toLowerCase(Locale.ROOT), "slice column '" + c + "'");
      }
    }
    for (String r : results) {
      for (String column : List.of(r, r + ROWS_SUFFIX, r + SKIPPED_SUFFIX)) {
        String clash = owners.putIfAbsent(column.toLowerCase(Locale.ROOT),
            "result '" + r + "'");
        if (clash != null) {
          throw JobException.config("evaluations." + r + ": output column '" + column
              + "' clashes with " + clash + "; rename the result");
        }
      }
    }
  }

  private static void identifier(String key, String name, String what) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw JobException.config(key + ": '" + name + "' is not allowed as " + what
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

  /** One object of the configuration, with its dotted name for messages. */
  private static final class Section {
    final Config config;
    final String prefix;

    Section(Config config, String prefix) {
      this.config = config;
      this.prefix = prefix;
    }

    String name(String key) {
      return prefix.isEmpty() ? key : prefix + "." + key;
    }

    Set<String> keys() {
      Set<String> keys = new LinkedHashSet<>();
      for (String k : config.root().keySet()) {
        if (has(k)) {
          keys.add(k);
        }
      }
      return keys;
    }

    /** Whether the key is set; a key set to null counts as absent. */
    boolean has(String key) {
      ConfigValue v = config.root().get(key);
      return v != null && v.valueType() != ConfigValueType.NULL;
    }

    private String path(String key) {
      return ConfigUtil.joinPath(key);
    }

    ConfigValueType type(String key) {
      return config.root().get(key).valueType();
    }

    /** " (file: line)" for messages. */
    String where(String key) {
      ConfigValue v = config.root().get(key);
      return v == null ? "" : " (" + v.origin().description() + ")";
    }

    void allow(String... allowed) {
      List<String> list = List.of(allowed);
      for (String k : config.root().keySet()) {
        if (!list.contains(k)) {
          throw JobException.config("unknown key '" + name(k) + "'" + where(k) + "; allowed"
              + (prefix.isEmpty() ? "" : " in " + prefix) + ": " + String.join(", ", list));
        }
      }
    }

    /** Fails if any of {@code keys} is given where it does not apply. */
    void onlyFor(boolean applies, String what, String... keys) {
      for (String k : keys) {
        if (!applies && has(k)) {
          throw JobException.config(name(k) + ": only allowed for " + what + where(k));
        }
      }
    }

    Section section(String key) {
      if (type(key) != ConfigValueType.OBJECT) {
        throw wrong(key, "an object { ... }");
      }
      return new Section(config.getConfig(path(key)), name(key));
    }

    List<? extends ConfigValue> list(String key) {
      if (type(key) != ConfigValueType.LIST) {
        throw wrong(key, "a list [ ... ]");
      }
      return config.getList(path(key));
    }

    String string(String key) {
      ConfigValueType t = type(key);
      if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST || t == ConfigValueType.NULL) {
        throw wrong(key, "a string");
      }
      return config.getString(path(key));
    }

    String optString(String key, String otherwise) {
      return has(key) ? string(key) : otherwise;
    }

    /** A value among {@code allowed} (compared ignoring case), or {@code otherwise} if absent. */
    String choice(String key, List<String> allowed, String otherwise) {
      if (!has(key)) {
        if (otherwise == null) {
          throw JobException.config(name(key) + ": missing; allowed: "
              + String.join(", ", allowed));
        }
        return otherwise;
      }
      String v = string(key);
      for (String a : allowed) {
        if (a.equalsIgnoreCase(v.trim())) {
          return a;
        }
      }
      throw JobException.config(name(key) + ": '" + v + "'" + where(key) + " is not allowed; "
          + "allowed: " + (allowed.isEmpty() ? "(none defined)" : String.join(", ", allowed)));
    }

    double number(String key) {
      try {
        return config.getDouble(path(key));
      } catch (ConfigException.WrongType e) {
        throw wrong(key, "a number");
      }
    }

    boolean bool(String key) {
      try {
        return config.getBoolean(path(key));
      } catch (ConfigException.WrongType e) {
        throw wrong(key, "true or false");
      }
    }

    long longAtLeast(String key, long min, long otherwise) {
      if (!has(key)) {
        return otherwise;
      }
      long v;
      try {
        v = config.getLong(path(key));
      } catch (ConfigException.WrongType e) {
        throw wrong(key, "a whole number");
      }
      if (v < min) {
        throw JobException.config(name(key) + ": " + v + where(key) + " is too small; it must be"
            + " at least " + min);
      }
      return v;
    }

    /** A plain value (number, boolean, string or list of those) as Java objects. */
    Object scalar(String key) {
      ConfigValueType t = type(key);
      if (t == ConfigValueType.OBJECT) {
        throw wrong(key, "a number, boolean, string or list");
      }
      return config.root().get(key).unwrapped();
    }

    /** The value converted to the option's type, so that "0.1" from the command line works. */
    Object typed(String key, OptionSpec spec) {
      String path = path(key);
      try {
        switch (spec.type()) {
          case DOUBLE:
          case INTEGER:
            return config.getNumber(path);
          case BOOLEAN:
            return config.getBoolean(path);
          case STRING:
            return string(key);
          case DOUBLE_ARRAY:
            return type(key) == ConfigValueType.LIST ? config.getDoubleList(path)
                : config.getDouble(path);
          default:
            return scalar(key);
        }
      } catch (ConfigException.WrongType | ConfigException.Null e) {
        throw wrong(key, spec.type().description());
      }
    }

    private JobException wrong(String key, String expected) {
      ConfigValue v = config.root().get(key);
      return JobException.config(name(key) + ": expected " + expected + ", got "
          + v.valueType().name().toLowerCase(Locale.ROOT) + " " + v.render() + where(key));
    }
  }
}
