package io.losseval.ml;

import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.loss.LossCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * The loss options as MLlib params: one param per option name of the catalog, typed as SQL types
 * the option, checked by the loss's own option parser when set (so a wrong value gets SQL's
 * message, not Spark's generic "invalid param").
 */
final class OptionParams {
  private OptionParams() {}

  /** A check of a param value; serializable, as params are. */
  interface Check<T> extends java.io.Serializable {
    boolean test(T value);
  }

  /** A param validator that throws the check's own message instead of Spark's generic one. */
  static <T> Function1<T, Object> check(Check<T> test) {
    return (Function1<T, Object> & java.io.Serializable) test::test;
  }

  /** Every option name in the catalog with the specs of the losses that take it, by name. */
  static Map<String, List<OptionSpec>> specsByName() {
    Map<String, List<OptionSpec>> out = new TreeMap<>();
    for (LossDefinition d : LossCatalog.all()) {
      for (OptionSpec o : d.options()) {
        out.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(o);
      }
    }
    return out;
  }

  /**
   * The param of one option name, typed as SQL types it: a whole number where every loss wants one
   * ({@code ignore_index}, {@code blank}), a double where any loss takes a double ({@code p} is an
   * integer for multi_margin_loss and a double for triplet_margin_loss), and so on.
   */
  static Param<?> param(Params owner, String name, List<OptionSpec> specs, Check<Object> checker) {
    String doc =
        specs.get(0).description()
            + " (option of "
            + String.join(
                ", ",
                LossCatalog.all().stream()
                    .filter(d -> d.options().stream().anyMatch(o -> o.name().equals(name)))
                    .map(LossDefinition::name)
                    .toList())
            + ")";
    boolean allIntegers = specs.stream().allMatch(o -> o.type() == OptionSpec.Type.INTEGER);
    switch (specs.get(0).type()) {
      case BOOLEAN:
        return new BooleanParam(owner, name, doc);
      case STRING:
        return new Param<String>(owner, name, doc, check((String v) -> checker.test(v)));
      case DOUBLE_ARRAY:
        return new DoubleArrayParam(owner, name, doc, check((double[] v) -> checker.test(v)));
      default:
        return allIntegers
            ? new LongParam(owner, name, doc, check(checker))
            : new DoubleParam(owner, name, doc, check(checker));
    }
  }

  /**
   * {@code value} converted to what param {@code p} holds: a double or a whole number from any
   * number, an array of doubles from one number, an array or a list (SQL's own conversion).
   */
  static Object typed(Param<?> p, String name, Object value) {
    if (p instanceof DoubleParam && value instanceof Number n) {
      return n.doubleValue();
    }
    if (p instanceof LongParam && value instanceof Number n && wholeNumber(n)) {
      return n.longValue();
    }
    if (p instanceof DoubleArrayParam && value != null) {
      return LossOptions.parse(name, List.of(OptionSpec.doubles(name, "")), Map.of(name, value))
          .getDoubles(name);
    }
    return value;
  }

  /**
   * Whether option {@code name} may be {@code value}: with a {@code loss} (its SQL name, or null),
   * the loss's own check over the options {@code given} so far plus this one; otherwise some loss
   * taking the option must accept it. Throws the refusal's message (the first, when no loss
   * accepts).
   */
  static boolean accepts(String loss, Map<String, Object> given, String name, Object value) {
    if (loss != null) {
      LossDefinition d = LossCatalog.get(loss);
      Map<String, Object> all = new TreeMap<>(given);
      all.put(name, value);
      LossOptions.parse(d.name(), d.options(), all);
      return true;
    }
    LossArgumentException first = null;
    for (LossDefinition d : LossCatalog.all()) {
      if (d.options().stream().anyMatch(o -> o.name().equals(name))) {
        try {
          LossOptions.parse(d.name(), d.options(), Map.of(name, value));
          return true;
        } catch (LossArgumentException e) {
          first = first == null ? e : first;
        }
      }
    }
    throw first;
  }

  /** An evaluator as text: {@code head}, then its reduction and options (arrays by element). */
  static String describe(String head, String reduction, Map<String, Object> options) {
    return head
        + ", reduction="
        + reduction
        + ", options="
        + Arrays.toString(
            options.entrySet().stream()
                .map(e -> e.getKey() + "=" + describe(e.getValue()))
                .toArray());
  }

  private static String describe(Object v) {
    return v instanceof double[] a ? Arrays.toString(a) : String.valueOf(v);
  }

  private static boolean wholeNumber(Number n) {
    double d = n.doubleValue();
    return n instanceof Long
        || n instanceof Integer
        || n instanceof Short
        || n instanceof Byte
        || d == Math.rint(d) && Math.abs(d) < 0x1p63;
  }
}
