package io.losseval.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loss's options after parsing: every declared option with its value or default. This is the one
 * place where option names, value types and declared ranges are checked, whatever the caller (SQL,
 * the Dataset API, the batch job's configuration).
 */
public final class LossOptions {
  private final String function;
  private final Map<String, Object> values;
  private final List<String> given;

  private LossOptions(String function, Map<String, Object> values, List<String> given) {
    this.function = function;
    this.values = values;
    this.given = given;
  }

  /**
   * Parses raw option values: {@link Number}, {@link Boolean}, {@link CharSequence}, {@code
   * double[]} or a {@link List} of numbers. Unknown names, values of the wrong type and values
   * outside the option's declared range fail with a message naming the function, the option, the
   * value and what is allowed.
   */
  public static LossOptions parse(String function, List<OptionSpec> specs, Map<String, ?> raw) {
    Map<String, OptionSpec> byName = new LinkedHashMap<>();
    for (OptionSpec spec : specs) {
      byName.put(spec.name(), spec);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (OptionSpec spec : specs) {
      values.put(spec.name(), spec.defaultValue());
    }
    List<String> given = new java.util.ArrayList<>();
    if (raw != null) {
      for (Map.Entry<String, ?> e : raw.entrySet()) {
        OptionSpec spec = byName.get(e.getKey());
        if (spec == null) {
          throw new LossArgumentException(
              function
                  + ": unknown option '"
                  + e.getKey()
                  + "'; "
                  + (specs.isEmpty()
                      ? "this function takes no options"
                      : "allowed: "
                          + specs.stream()
                              .map(OptionSpec::name)
                              .collect(Collectors.joining(", "))));
        }
        values.put(spec.name(), convert(function, spec, e.getValue()));
        given.add(spec.name());
      }
    }
    checkAllowed(function, specs, values);
    return new LossOptions(function, Collections.unmodifiableMap(values), List.copyOf(given));
  }

  /**
   * Fails on the first value outside its option's declared range or set, naming the function, the
   * option, the value and what is allowed.
   */
  private static void checkAllowed(
      String function, List<OptionSpec> specs, Map<String, Object> values) {
    for (OptionSpec spec : specs) {
      Object v = values.get(spec.name());
      if (spec.allowed() != null && v != null && !spec.allowed().admits(v)) {
        throw new LossArgumentException(
            function
                + ": option '"
                + spec.name()
                + "' = "
                + describe(v)
                + " is not allowed; it must be "
                + spec.allowed().describe(spec.type()));
      }
    }
  }

  private static Object convert(String function, OptionSpec spec, Object v) {
    if (v == null) {
      if (spec.type() == OptionSpec.Type.DOUBLE_ARRAY) {
        return null;
      }
      throw wrongType(function, spec, v);
    }
    switch (spec.type()) {
      case DOUBLE:
        if (v instanceof Number n) {
          return n.doubleValue();
        }
        break;
      case INTEGER:
        Long whole = wholeNumber(v);
        if (whole != null) {
          return whole;
        }
        break;
      case BOOLEAN:
        if (v instanceof Boolean b) {
          return b;
        }
        break;
      case STRING:
        if (v instanceof CharSequence s) {
          return s.toString();
        }
        break;
      case DOUBLE_ARRAY:
        if (v instanceof Number n) {
          return new double[] {n.doubleValue()};
        }
        double[] array = doubles(v);
        if (array != null) {
          return array;
        }
        break;
      default:
        break;
    }
    throw wrongType(function, spec, v);
  }

  /**
   * A whole number given as any integral type, a whole-valued double or float, or a decimal (SQL's
   * BIGINT literals and PyTorch's int64 reach every long); null for anything else.
   */
  private static Long wholeNumber(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof java.math.BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      // Whole doubles below 2^63 in magnitude convert to long exactly.
      return d == Math.rint(d) && Math.abs(d) < 0x1p63 ? (long) d : null;
    }
    return null;
  }

  /**
   * An array of numbers as doubles: {@code double[]}, {@code float[]}, {@code int[]}, {@code
   * long[]} or a list of numbers; null for anything else.
   */
  private static double[] doubles(Object v) {
    if (v instanceof double[] a) {
      return a.clone();
    }
    if (v instanceof float[] a) {
      double[] out = new double[a.length];
      for (int k = 0; k < a.length; k++) {
        out[k] = a[k];
      }
      return out;
    }
    if (v instanceof int[] a) {
      return java.util.Arrays.stream(a).asDoubleStream().toArray();
    }
    if (v instanceof long[] a) {
      return java.util.Arrays.stream(a).asDoubleStream().toArray();
    }
    if (v instanceof List<?> list) {
      double[] out = new double[list.size()];
      for (int k = 0; k < out.length; k++) {
        if (!(list.get(k) instanceof Number n)) {
          return null;
        }
        out[k] = n.doubleValue();
      }
      return out;
    }
    return null;
  }

  private static LossArgumentException wrongType(String function, OptionSpec spec, Object v) {
    return new LossArgumentException(
        function
            + ": option '"
            + spec.name()
            + "' must be "
            + spec.type().description()
            + ", got "
            + describe(v));
  }

  static String describe(Object v) {
    if (v != null && v.getClass().isArray()) {
      double[] a = doubles(v);
      return a != null
          ? java.util.Arrays.toString(a)
          : java.util.Arrays.deepToString(new Object[] {v}).replaceAll("^\\[|\\]$", "");
    }
    if (v instanceof CharSequence) {
      return "'" + v + "'";
    }
    return String.valueOf(v);
  }

  public String function() {
    return function;
  }

  public double getDouble(String name) {
    return (Double) values.get(name);
  }

  public long getLong(String name) {
    return (Long) values.get(name);
  }

  public boolean getBoolean(String name) {
    return (Boolean) values.get(name);
  }

  public String getString(String name) {
    return (String) values.get(name);
  }

  /** The array option's values, or null when it was not given. */
  public double[] getDoubles(String name) {
    double[] a = (double[]) values.get(name);
    return a == null ? null : a.clone();
  }

  /** Fails with a message naming the function, the option, its value and the allowed range. */
  public LossArgumentException invalid(String name, String allowed) {
    return new LossArgumentException(
        function
            + ": option '"
            + name
            + "' = "
            + describe(values.get(name))
            + " is not allowed; "
            + allowed);
  }

  /**
   * The options the caller gave (not the defaults), each converted to its declared type: {@code
   * Double}, {@code Long}, {@code Boolean}, {@code String} or {@code double[]} (null for an array
   * option given as null). Callers that pass options on (the Dataset API, the job) pass these typed
   * values, never the raw ones.
   */
  public Map<String, Object> given() {
    Map<String, Object> out = new LinkedHashMap<>();
    given.forEach(k -> out.put(k, values.get(k)));
    return out;
  }

  /** All values, defaults included, in declaration order. */
  public Map<String, Object> asMap() {
    return values;
  }

  /**
   * Every option with its value, e.g. {@code {weight=[1.0, 2.0], ignore_index=-100}}: two calls'
   * options are equal exactly when these texts are (doubles print in Java's shortest round-trip
   * form, so 0.1 and 0.1f, which differ as doubles, print differently).
   */
  public String canonical() {
    StringBuilder b = new StringBuilder("{");
    values.forEach(
        (k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=').append(describe(v)));
    return b.append('}').toString();
  }

  /** Same function and the same value for every option (arrays by content, doubles by bits). */
  @Override
  public boolean equals(Object o) {
    return o instanceof LossOptions other
        && other.function.equals(function)
        && other.canonical().equals(canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }
}
