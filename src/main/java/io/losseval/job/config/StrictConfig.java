package io.losseval.job.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.losseval.job.JobException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A strict reader of HOCON (Typesafe Config), with nothing of the job's schema in it: one object of
 * the configuration with its dotted name, whose accessors check each key's type and name the key,
 * where it was set (file and line, or "command line") and what is allowed when it is wrong. A
 * schema lists the keys each object allows ({@link #allow}), so a misspelt key fails instead of
 * being ignored. Every failure is a configuration error (exit code 2).
 */
public final class StrictConfig {
  private static final String COMMAND_LINE = "command line";

  private final Config config;
  private final String prefix;

  /** The order in which the file and the command line declare this object's keys. */
  private final DeclaredOrder order;

  private StrictConfig(Config config, String prefix, DeclaredOrder order) {
    this.config = config;
    this.prefix = prefix;
    this.order = order;
  }

  /**
   * Reads {@code file}, applies {@code overrides} ({@code key=value}, later ones win; a value
   * starting with '[', '{' or '"', and null (which unsets a key), is parsed as HOCON, anything else
   * is a string that the key's type converts) and resolves substitutions (environment variables
   * included).
   */
  public static StrictConfig load(Path file, List<String> overrides) {
    if (!Files.isRegularFile(file)) {
      throw JobException.config("configuration file not found: " + file);
    }
    Config config;
    Config declared;
    try {
      declared =
          ConfigFactory.parseFile(
              file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      config = declared;
      for (String o : overrides) {
        config = override(o).withFallback(config);
      }
      config = config.resolve();
    } catch (ConfigException e) {
      // Typesafe suggests renaming a file with a syntax error to .properties, which the job
      // does not read: the rest of its hint (quote the value) is the useful part.
      throw JobException.config(
          "invalid configuration: "
              + e.getMessage()
                  .replace(
                      ", or you may be able to rename the file .properties rather than .conf", ""));
    }
    return new StrictConfig(config, "", DeclaredOrder.of(declared, overrides));
  }

  private static Config override(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw JobException.config(
          "command-line override '"
              + assignment
              + "' is not key=value (for example output.overwrite=true)");
    }
    String key = assignment.substring(0, eq).trim();
    String value = assignment.substring(eq + 1).trim();
    ConfigParseOptions origin = ConfigParseOptions.defaults().setOriginDescription(COMMAND_LINE);
    if (value.startsWith("[")
        || value.startsWith("{")
        || value.startsWith("\"")
        || value.equals("null")) {
      return ConfigFactory.parseString(key + " = " + value, origin);
    }
    // Kept as a string so that paths like hdfs://x or s3a://b/k//v survive HOCON's comment
    // syntax; Typesafe Config converts strings to numbers and booleans where a key needs one.
    return ConfigFactory.parseMap(Map.of(key, value), COMMAND_LINE);
  }

  /** The dotted name of {@code key} in this object, for messages. */
  public String name(String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  /** This object's own dotted name ("" for the root). */
  public String prefix() {
    return prefix;
  }

  /**
   * This object's values as plain Java values: nested maps with their keys sorted, lists, strings,
   * numbers and booleans; a key set to null is left out.
   */
  public Map<String, Object> values() {
    return sorted(config.root().unwrapped());
  }

  private static Map<String, Object> sorted(Map<String, Object> object) {
    Map<String, Object> out = new TreeMap<>();
    object.forEach(
        (k, v) -> {
          if (v != null) {
            out.put(k, sortedValue(v));
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object sortedValue(Object value) {
    if (value instanceof Map<?, ?> m) {
      return sorted((Map<String, Object>) m);
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(v == null ? null : sortedValue(v)));
      return out;
    }
    return value;
  }

  /** The keys that are set (not null), in the file's order where HOCON keeps one. */
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (String k : config.root().keySet()) {
      if (has(k)) {
        keys.add(k);
      }
    }
    return keys;
  }

  /**
   * The keys that are set, in the order the configuration declares them ({@link DeclaredOrder}).
   */
  List<String> keysInDeclaredOrder() {
    return order.sort(keys(), this::name);
  }

  /** Whether the key is set; a key set to null counts as absent. */
  public boolean has(String key) {
    ConfigValue v = config.root().get(key);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  public ConfigValueType type(String key) {
    return config.root().get(key).valueType();
  }

  /** " (file: line)" or " (command line)" for messages; "" for a key that is not set. */
  public String where(String key) {
    ConfigValue v = config.root().get(key);
    return v == null ? "" : " (" + v.origin().description() + ")";
  }

  /** Fails on any key not in {@code allowed}, naming the allowed ones. */
  public void allow(String... allowed) {
    List<String> list = List.of(allowed);
    for (String k : config.root().keySet()) {
      if (!list.contains(k)) {
        throw JobException.config(
            "unknown key '"
                + name(k)
                + "'"
                + where(k)
                + "; allowed"
                + (prefix.isEmpty() ? "" : " in " + prefix)
                + ": "
                + String.join(", ", list));
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

  /** The object {@code { ... }} at {@code key}. */
  public StrictConfig section(String key) {
    if (type(key) != ConfigValueType.OBJECT) {
      throw wrong(key, "an object { ... }");
    }
    return new StrictConfig(config.getConfig(path(key)), name(key), order.inside(key));
  }

  /** The object {@code value} (an element of a list), named {@code name} in messages. */
  public static StrictConfig element(ConfigValue value, String name, String expected) {
    if (!(value instanceof ConfigObject obj)) {
      throw JobException.config(
          name
              + ": expected "
              + expected
              + ", got "
              + value.render()
              + " ("
              + value.origin().description()
              + ")");
    }
    return new StrictConfig(obj.toConfig(), name, DeclaredOrder.NONE);
  }

  public List<? extends ConfigValue> list(String key) {
    if (type(key) != ConfigValueType.LIST) {
      throw wrong(key, "a list [ ... ]");
    }
    return config.getList(path(key));
  }

  public String string(String key) {
    ConfigValueType t = type(key);
    if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST || t == ConfigValueType.NULL) {
      throw wrong(key, "a string");
    }
    return config.getString(path(key));
  }

  /** A string that is not blank (a path, a name), or {@code otherwise} when the key is absent. */
  public String nonBlank(String key, String otherwise) {
    if (!has(key)) {
      return otherwise;
    }
    String v = string(key);
    if (v.isBlank()) {
      throw JobException.config(
          name(key) + ": empty" + where(key) + "; give a value or leave " + "the key out");
    }
    return v;
  }

  /** A value among {@code allowed} (compared ignoring case), or {@code otherwise} if absent. */
  public String choice(String key, List<String> allowed, String otherwise) {
    if (!has(key)) {
      if (otherwise == null) {
        throw JobException.config(name(key) + ": missing; allowed: " + String.join(", ", allowed));
      }
      return otherwise;
    }
    String v = string(key);
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v.trim())) {
        return a;
      }
    }
    throw JobException.config(
        name(key)
            + ": '"
            + v
            + "'"
            + where(key)
            + " is not allowed; "
            + "allowed: "
            + (allowed.isEmpty() ? "(none defined)" : String.join(", ", allowed))
            + Suggestion.didYouMean(v, allowed));
  }

  public double number(String key) {
    return read(key, "a number", config::getDouble);
  }

  /** A boolean, or {@code otherwise} when the key is absent. */
  public boolean bool(String key, boolean otherwise) {
    return has(key) ? read(key, "true or false", config::getBoolean) : otherwise;
  }

  public long longAtLeast(String key, long min, long otherwise) {
    if (!has(key)) {
      return otherwise;
    }
    long v = read(key, "a whole number", config::getLong);
    if (v < min) {
      throw JobException.config(
          name(key) + ": " + v + where(key) + " is too small; it must be" + " at least " + min);
    }
    return v;
  }

  /** A plain value (number, boolean, string or list of those) as Java objects. */
  public Object scalar(String key) {
    if (type(key) == ConfigValueType.OBJECT) {
      throw wrong(key, "a number, boolean, string or list");
    }
    return config.root().get(key).unwrapped();
  }

  /** A number, read as one even when given as a string (as the command line gives values). */
  public Number numeric(String key, String expected) {
    return read(key, expected, config::getNumber);
  }

  /** A list of numbers, or one number, read as {@link #numeric} reads one. */
  public Object numbers(String key, String expected) {
    return type(key) == ConfigValueType.LIST
        ? read(key, expected, config::getDoubleList)
        : read(key, expected, config::getDouble);
  }

  /** A boolean, read as one even when given as the string "true" or "false". */
  boolean booleanValue(String key, String expected) {
    return read(key, expected, config::getBoolean);
  }

  /**
   * The value at {@code key} as {@code getter} reads it (Typesafe Config converts strings to the
   * type asked for); a value that does not convert is an error naming {@code expected}.
   */
  private <T> T read(String key, String expected, Function<String, T> getter) {
    try {
      return getter.apply(path(key));
    } catch (ConfigException.WrongType | ConfigException.Null e) {
      throw wrong(key, expected);
    }
  }

  /** A configuration error: {@code key} holds a value of the wrong type. */
  public JobException wrong(String key, String expected) {
    ConfigValue v = config.root().get(key);
    return JobException.config(
        name(key)
            + ": expected "
            + expected
            + ", got "
            + v.valueType().name().toLowerCase(Locale.ROOT)
            + " "
            + v.render()
            + where(key));
  }

  private static String path(String key) {
    return ConfigUtil.joinPath(key);
  }
}
