package io.losseval.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One option a loss accepts: PyTorch's parameter name, its type, PyTorch's default, the values
 * allowed (null when any value of the type is), and a one-line description.
 */
public record OptionSpec(
    String name, Type type, Object defaultValue, Allowed allowed, String description) {

  /** Option value types, as written in SQL. */
  public enum Type {
    DOUBLE("double", "a number"),
    INTEGER("integer", "a whole number"),
    BOOLEAN("boolean", "true or false"),
    DOUBLE_ARRAY("double_array", "an array of numbers, or a single number"),
    STRING("string", "a string");

    private final String jsonName;
    private final String description;

    Type(String jsonName, String description) {
      this.jsonName = jsonName;
      this.description = description;
    }

    /** The name in catalog.json. */
    public String jsonName() {
      return jsonName;
    }

    public String description() {
      return description;
    }
  }

  /** The values an option may take beyond its type. */
  public sealed interface Allowed permits Range, OneOf {
    /** Whether {@code value} (already converted to the option's type) is allowed. */
    boolean admits(Object value);

    /**
     * Prose for messages, bounds printed as values of {@code type} are: "between 0.0 and 1.0", "at
     * least 0", "one of 1, 2".
     */
    String describe(Type type);

    /** Short notation for tables: "[0, 1]", "> 0", "{1, 2}". */
    String notation();
  }

  /**
   * Numbers from {@code min} to {@code max}, each bound included or not; an infinite bound is no
   * bound. NaN is never in a range.
   */
  public record Range(double min, boolean minIncluded, double max, boolean maxIncluded)
      implements Allowed {

    /** [min, max]. */
    public static Range between(double min, double max) {
      return new Range(min, true, max, true);
    }

    /** (min, +inf]. */
    public static Range greaterThan(double min) {
      return new Range(min, false, Double.POSITIVE_INFINITY, true);
    }

    /** [min, +inf]. */
    public static Range atLeast(double min) {
      return new Range(min, true, Double.POSITIVE_INFINITY, true);
    }

    /** Any number but NaN. */
    public static Range notNaN() {
      return new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
    }

    @Override
    public boolean admits(Object value) {
      double v = ((Number) value).doubleValue();
      return (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
    }

    @Override
    public String describe(Type type) {
      boolean lower = min != Double.NEGATIVE_INFINITY;
      boolean upper = max != Double.POSITIVE_INFINITY;
      if (lower && upper && minIncluded && maxIncluded) {
        return "between " + as(type, min) + " and " + as(type, max);
      }
      if (lower && !upper) {
        return (minIncluded ? "at least " : "greater than ") + as(type, min);
      }
      if (!lower && !upper) {
        return "a number (not NaN)";
      }
      return "in " + notation();
    }

    @Override
    public String notation() {
      boolean lower = min != Double.NEGATIVE_INFINITY;
      boolean upper = max != Double.POSITIVE_INFINITY;
      if (lower && !upper) {
        return (minIncluded ? ">= " : "> ") + plain(min);
      }
      if (!lower && !upper) {
        return "not NaN";
      }
      return (minIncluded ? "[" : "(") + plain(min) + ", " + plain(max) + (maxIncluded ? "]" : ")");
    }
  }

  /** A fixed set of values: whole numbers or strings. */
  public record OneOf(List<Object> values) implements Allowed {
    public OneOf {
      values = List.copyOf(values);
    }

    @Override
    public boolean admits(Object value) {
      return values.contains(value);
    }

    @Override
    public String describe(Type type) {
      return "one of "
          + values.stream().map(LossOptions::describe).collect(Collectors.joining(", "));
    }

    @Override
    public String notation() {
      return "{"
          + values.stream().map(LossOptions::describe).collect(Collectors.joining(", "))
          + "}";
    }
  }

  public OptionSpec {
    if (allowed != null && defaultValue != null && !allowed.admits(defaultValue)) {
      throw new IllegalArgumentException(
          name + ": default " + defaultValue + " is not " + allowed.describe(type));
    }
  }

  /** A number option (a Java {@code double}). */
  public static OptionSpec number(String name, double defaultValue, String description) {
    return new OptionSpec(name, Type.DOUBLE, defaultValue, null, description);
  }

  /** A whole-number option (a Java {@code long}). */
  public static OptionSpec integer(String name, long defaultValue, String description) {
    return new OptionSpec(name, Type.INTEGER, defaultValue, null, description);
  }

  public static OptionSpec bool(String name, boolean defaultValue, String description) {
    return new OptionSpec(name, Type.BOOLEAN, defaultValue, null, description);
  }

  /** An optional array of numbers (PyTorch's {@code weight=None}). */
  public static OptionSpec doubles(String name, String description) {
    return new OptionSpec(name, Type.DOUBLE_ARRAY, null, null, description);
  }

  public static OptionSpec string(String name, String defaultValue, String description) {
    return new OptionSpec(name, Type.STRING, defaultValue, null, description);
  }

  /** This option restricted to {@code allowed} values. */
  public OptionSpec allowing(Allowed allowed) {
    return new OptionSpec(name, type, defaultValue, allowed, description);
  }

  /** A bound as a value of {@code type} prints: "0" for an integer option, "0.0" for a number. */
  private static String as(Type type, double v) {
    return type == Type.INTEGER ? plain(v) : Double.toString(v);
  }

  /** A whole-valued bound without its ".0" ("0", "1"), any other as Java prints it. */
  private static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
