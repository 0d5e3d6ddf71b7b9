package io.losseval.job.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.result.SliceKey;
import io.losseval.job.result.TextFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for the run record and the report's data, with Jackson (Spark's own copy, so nothing is
 * added to the jar): trees of maps (in insertion order), lists, strings, numbers and booleans.
 * Doubles keep every bit; NaN and infinities, which JSON has no numbers for, are the strings "NaN",
 * "Infinity" and "-Infinity", as Spark's JSON writer gives them.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code tree} as JSON text, indented when {@code pretty}. */
  public static String write(Object tree, boolean pretty) {
    try {
      return pretty
          ? MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree)
          : MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** A double as JSON: a number, null, or "NaN", "Infinity", "-Infinity". */
  public static Object number(Double value) {
    return value == null || Double.isFinite(value) ? value : value.toString();
  }

  /**
   * A slice key's value as JSON: numbers as numbers (non-finite ones as {@link #number} gives
   * them), booleans, null, and anything else (strings, dates, timestamps, arrays) as the text the
   * console shows.
   */
  public static Object value(Object value) {
    if (value == null
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return value;
    }
    if (value instanceof Double || value instanceof Float) {
      return number(((Number) value).doubleValue());
    }
    return TextFormat.value(value);
  }

  /** A slice value: {@code {"slice": "model_version,country", "keys": {...}}}. */
  public static Map<String, Object> slice(SliceKey slice) {
    Map<String, Object> keys = new LinkedHashMap<>();
    List<String> columns = slice.columns();
    for (int i = 0; i < columns.size(); i++) {
      keys.put(columns.get(i), value(slice.values().get(i)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("slice", ResultColumns.sliceName(columns));
    out.put("keys", keys);
    return out;
  }
}
