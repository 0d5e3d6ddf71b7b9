package io.losseval.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A loss's options after parsing: every declared option with its value or default. This is the
 * one place where option names, value types and declared ranges are checked, whatever the caller
 * (SQL, the Dataset API, the batch job's configuration).
 */
public final class LossOptions {
  private final String function;
  private final Map<String, Object> values;

  private LossOptions(String function, Map<String, Object> values) {
    this.function = function;
    this.values = values;
  }

  /**
   * Parses raw option values: {@link Number}, {@link Boolean}, {@link CharSequence}, {@code double[]}
   * or a {@link List} of numbers. Unknown names, values of the wrong type and values outside the
   * option's declared range fail with a message naming the function, the option, the value and
   * what is allowed.
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
    if (raw != null) {
      for (Map.Entry<String, ?> e : raw.entrySet()) {
        OptionSpec spec = byName.get(e.getKey());
        if (spec == null) {
          throw new LossArgumentException(function + ": unknown option '" + e.getKey() + "'; "
              + (specs.isEmpty() ? "this function takes no options"
                  : "allowed: " + specs.stream().map(OptionSpec::name)
                      .collect(Collectors.joining(", "))));
        }
        values.put(spec.name(), convert(function, spec, e.getValue()));
      }
    }
    checkAllowed(function, specs, values);
    return new LossOptions(function, Collections.unmodifiableMap(values));
  }

  /**
   * Fails on the first value outside its option's declared range or set, naming the function,
   * the option, the value and what is allowed.
   */
  private static void checkAllowed(String function, List<OptionSpec> specs,
      Map<String, Object> values) {
    for (OptionSpec spec : specs) {
      Object v = values.get(spec.name());
      if (spec.allowed() != null && v != null && !spec.allowed().admits(v)) {
        throw new LossArgumentException(function + ": option '" + spec.name() + "' = "
            + describe(v) + " is not allowed; it must be " + spec.allowed().describe(spec.type()));
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
        if (v instanceof Number n) {
          double d = n.doubleValue();
          if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return (long) d;
          }
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
        if (v instanceof double[] a) {
          return a.clone();
        }
        if (v instanceof Number n) {
          return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> list) {
          double[] a = new double[list.size()];
          for (int k = 0; k < a.length; k++) {
            if (!(list.get(k) instanceof Number n)) {
              throw wrongType(function, spec, v);
            }
            a[k] = n.doubleValue();
          }
          return a;
        }
        break;
      default:
        break;
    }
    throw wrongType(function, spec, v);
  }

  private static LossArgumentException wrongType(String function, OptionSpec spec, Object v) {
    return new LossArgumentException(function + ": option '" + spec.name() + "' must be "
        + spec.type().description() + ", got " + describe(v));
  }

  static String describe(Object v) {
    if (v instanceof double[] a) {
      return java.util.Arrays.toString(a);
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
    return new LossArgumentException(function + ": option '" + name + "' = "
        + describe(values.get(name)) + " is not allowed; " + allowed);
  }

  /** All values, defaults included, in declaration order. */
  public Map<String, Object> asMap() {
    return values;
  }
}
