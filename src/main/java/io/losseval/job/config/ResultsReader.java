package io.losseval.job.config;

import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import io.losseval.core.interval.IntervalOptions;
import io.losseval.core.loss.LossCatalog;
import io.losseval.job.JobException;
import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results a configuration defines, read and checked before Spark starts: {@code evaluations}
 * (each loss registered in {@link io.losseval.core.loss.LossCatalog}, its columns, reduction and
 * options valid for {@link LossOptions}, its interval settings) and {@code comparisons} (two
 * evaluations of the same loss, reduction and options), each in the order the file declares them.
 */
final class ResultsReader {
  private ResultsReader() {}

  static Map<String, Evaluation> evaluations(StrictConfig root, boolean required, String idColumn) {
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
    // Results are published in the order the configuration declares them.
    for (String name : all.keysInDeclaredOrder()) {
      out.put(name, evaluation(all.section(name), name, idColumn));
    }
    return out;
  }

  private static Evaluation evaluation(StrictConfig e, String name, String idColumn) {
    ConfigReader.identifier(e.prefix(), name, "a result name (it becomes an output column)");
    e.allow(
        "loss",
        "columns",
        "reduction",
        "options",
        IntervalOptions.CONFIDENCE,
        IntervalOptions.BUCKETS,
        JobConfig.INTERVAL_KEY);
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
        e.has(IntervalOptions.CONFIDENCE)
            || e.has(IntervalOptions.BUCKETS)
            || e.has(JobConfig.INTERVAL_KEY);
    return new Evaluation(
        name,
        loss,
        List.copyOf(columns),
        reduction,
        options(e, loss),
        interval ? interval(e, function) : null,
        interval ? e.nonBlank(JobConfig.INTERVAL_KEY, idColumn) : null);
  }

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
   * The comparisons by name, in the order declared: each of a candidate and a baseline evaluation
   * of the same loss with the same reduction and options, with an interval of its own options.
   */
  static Map<String, Comparison> comparisons(
      StrictConfig root, Map<String, Evaluation> evaluations, String idColumn) {
    if (!root.has("comparisons")) {
      return Map.of();
    }
    StrictConfig all = root.section("comparisons");
    Map<String, Comparison> out = new LinkedHashMap<>();
    for (String name : all.keysInDeclaredOrder()) {
      StrictConfig c = all.section(name);
      ConfigReader.identifier(c.prefix(), name, "a comparison name (it becomes an output column)");
      if (evaluations.containsKey(name)) {
        throw JobException.config(
            c.prefix()
                + ": '"
                + name
                + "' is also an evaluation's name"
                + all.where(name)
                + "; a comparison needs a name of its own (its output column)");
      }
      c.allow(
          "candidate",
          "baseline",
          IntervalOptions.CONFIDENCE,
          IntervalOptions.BUCKETS,
          JobConfig.INTERVAL_KEY);
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
              c.nonBlank(JobConfig.INTERVAL_KEY, idColumn)));
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
  static Map<String, List<String>> resultColumns(
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
}
