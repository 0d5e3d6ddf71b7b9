package io.losseval.job.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the job writes values as text, in one place for the console, the report, the run record and
 * the rejected-rows message: a result's cell (6 significant digits; the output files keep every
 * bit), a number in prose, counts with thousands separators, plurals, throughput, and the escaping
 * that keeps a value on its own console line. HTML escaping is the report's ({@code Html}).
 */
public final class TextFormat {
  private TextFormat() {}

  /**
   * A value as a table cell or a slice key shows it: doubles and floats with 6 significant digits
   * (NaN and infinities as Java writes them), arrays (Scala sequences, as Spark's rows hold them)
   * as "[a, b]", NULL as "NULL", anything else as its text with {@link #escapeControls}.
   */
  public static String value(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d.toString() : String.format(Locale.ROOT, "%.6g", d);
    }
    if (value instanceof Float f) {
      return value(f.doubleValue());
    }
    if (value instanceof scala.collection.Seq<?> seq) {
      List<String> items = new ArrayList<>();
      // Scala's own iterator: its calls are the same on Scala 2.12 and 2.13.
      for (scala.collection.Iterator<?> it = seq.iterator(); it.hasNext(); ) {
        items.add(value(it.next()));
      }
      return "[" + String.join(", ", items) + "]";
    }
    return escapeControls(String.valueOf(value));
  }

  /**
   * {@code text} with what could break or fake a console line written visibly: a backslash as two,
   * line breaks, tabs and other control characters as Java escapes ({@code \n}, {@code \u2028}), so
   * that a value never starts a line of its own.
   */
  static String escapeControls(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /**
   * A number in prose: 6 significant digits like a cell, without trailing zeros; NULL and NaN as
   * such.
   */
  public static String number(Double value) {
    String text = value(value);
    if (value == null || !Double.isFinite(value)) {
      return text;
    }
    int exponent = text.indexOf('e');
    String mantissa = exponent < 0 ? text : text.substring(0, exponent);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return mantissa + (exponent < 0 ? "" : text.substring(exponent));
  }

  /** "0.4499 [0.44, 0.46]": a result's {@link #number} on {@code row}, with its interval if any. */
  public static String interval(ResultRow row, String result) {
    return number(row.value(result))
        + (row.hasInterval(result)
            ? " [" + number(row.lower().get(result)) + ", " + number(row.upper().get(result)) + "]"
            : "");
  }

  /** A count with thousands separators: "200,000". */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A {@link #count} and its noun, "1 row" or "19 rows". */
  public static String plural(long n, String noun) {
    return count(n) + " " + noun + (n == 1 ? "" : "s");
  }

  /** "12,345 rows/s": {@code rows} over {@code seconds} (a zero time counts as a nanosecond). */
  public static String throughput(long rows, double seconds) {
    return String.format(Locale.ROOT, "%,.0f rows/s", rows / Math.max(seconds, 1e-9));
  }

  /** {@code <=} and {@code >=} as the signs readers know. */
  public static String symbols(String text) {
    return text.replace("<=", "\u2264").replace(">=", "\u2265");
  }
}
