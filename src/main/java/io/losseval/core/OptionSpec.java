package io.losseval.core;

/** One option a loss accepts: PyTorch's parameter name, its type and its default. */
public record OptionSpec(String name, Type type, Object defaultValue) {

  /** Option value types, as written in SQL. */
  public enum Type {
    DOUBLE("a number"),
    INTEGER("a whole number"),
    BOOLEAN("true or false"),
    DOUBLE_ARRAY("an array of numbers, or a single number"),
    STRING("a string");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public static OptionSpec number(String name, double defaultValue) {
    return new OptionSpec(name, Type.DOUBLE, defaultValue);
  }

  public static OptionSpec integer(String name, long defaultValue) {
    return new OptionSpec(name, Type.INTEGER, defaultValue);
  }

  public static OptionSpec bool(String name, boolean defaultValue) {
    return new OptionSpec(name, Type.BOOLEAN, defaultValue);
  }

  /** An optional array of numbers (PyTorch's {@code weight=None}). */
  public static OptionSpec doubles(String name) {
    return new OptionSpec(name, Type.DOUBLE_ARRAY, null);
  }

  public static OptionSpec string(String name, String defaultValue) {
    return new OptionSpec(name, Type.STRING, defaultValue);
  }
}
