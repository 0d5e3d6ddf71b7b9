package io.losseval.job.config;

import io.losseval.job.JobException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names of the evaluation results' columns, in one place: {@code slice}, every slice column,
 * {@code rows}, per evaluation {@code RESULT} ({@code RESULT_lower} and {@code RESULT_upper} with
 * an interval), {@code RESULT_rows} and {@code RESULT_skipped}, and per comparison {@code RESULT}
 * (candidate - baseline), {@code RESULT_lower} and {@code RESULT_upper}. Names are compared as
 * Spark compares them by default, ignoring case, and must never collide.
 */
public final class ResultColumns {
  /** Which slice a result row belongs to: {@link #sliceName} of its columns. */
  public static final String SLICE = "slice";

  /** Input rows in the result row's slice value. */
  public static final String ROWS = "rows";

  /** Suffix of the rows an evaluation aggregated. */
  public static final String ROWS_SUFFIX = "_rows";

  /** Suffix of the rows an evaluation skipped because one of its columns was NULL. */
  public static final String SKIPPED_SUFFIX = "_skipped";

  /** Suffix of the lower bound of a result's interval, where the result has one. */
  public static final String LOWER_SUFFIX = "_lower";

  /** Suffix of the upper bound of a result's interval, where the result has one. */
  public static final String UPPER_SUFFIX = "_upper";

  /**
   * The position of the row's slice in the configured list: identifies the slice inside the job
   * (never the {@code slice} text) and orders the rows; not written.
   */
  public static final String SLICE_INDEX = "__losseval_slice_index";

  /** The {@code slice} value of the overall slice. */
  public static final String OVERALL = "overall";

  private ResultColumns() {}

  /** Every slice column once, in the order the slices name them. */
  public static List<String> keys(List<List<String>> slices) {
    LinkedHashSet<String> keys = new LinkedHashSet<>();
    slices.forEach(keys::addAll);
    return List.copyOf(keys);
  }

  /** The columns an evaluation adds, in output order: with its interval's bounds if it has one. */
  public static List<String> ofEvaluation(String result, boolean interval) {
    return interval
        ? List.of(
            result,
            result + LOWER_SUFFIX,
            result + UPPER_SUFFIX,
            result + ROWS_SUFFIX,
            result + SKIPPED_SUFFIX)
        : List.of(result, result + ROWS_SUFFIX, result + SKIPPED_SUFFIX);
  }

  /** The columns a comparison adds, in output order: the difference and its interval. */
  public static List<String> ofComparison(String result) {
    return List.of(result, result + LOWER_SUFFIX, result + UPPER_SUFFIX);
  }

  /**
   * The slice's value in the {@code slice} column: "overall" for no columns, else the column names
   * joined by ','. A name that could be misread (one spelled "overall", or holding a ',' or a
   * backtick, or blank at either end) is written in backticks, a backtick in it doubled, so that
   * different slices never share a name.
   */
  public static String sliceName(List<String> columns) {
    if (columns.isEmpty()) {
      return OVERALL;
    }
    List<String> names = new ArrayList<>();
    for (String c : columns) {
      boolean plain =
          !c.equalsIgnoreCase(OVERALL)
              && !c.contains(",")
              && !c.contains("`")
              && !c.isEmpty()
              && c.strip().equals(c);
      names.add(plain ? c : "`" + c.replace("`", "``") + "`");
    }
    return String.join(",", names);
  }

  /**
   * Fails when two result columns would share a name: a slice column named like a column the job
   * adds ({@code slice}, {@code rows}, a result's columns) or spelled two ways, or a result whose
   * columns clash. Slice columns cannot be renamed here; the message says how to rename one in a
   * {@code query}.
   *
   * @param results each result's output columns by the configuration key that names it ({@code
   *     evaluations.NAME}, {@code comparisons.NAME}), in output order
   */
  static void checkDistinct(List<List<String>> slices, Map<String, List<String>> results) {
    Map<String, String> owners = new LinkedHashMap<>();
    owners.put(SLICE.toLowerCase(Locale.ROOT), "the slice column");
    owners.put(ROWS.toLowerCase(Locale.ROOT), "the rows column");
    owners.put(SLICE_INDEX.toLowerCase(Locale.ROOT), "the job's internal slice index");
    Map<String, String> sliceColumns = new LinkedHashMap<>();
    for (int i = 0; i < slices.size(); i++) {
      for (String c : slices.get(i)) {
        String key = c.toLowerCase(Locale.ROOT);
        String spelled = sliceColumns.putIfAbsent(key, c);
        if (spelled != null && !spelled.equals(c)) {
          throw JobException.config(
              "slices["
                  + i
                  + "]: column '"
                  + c
                  + "' is also written '"
                  + spelled
                  + "'; Spark compares names ignoring case, so write it one way");
        }
        if (spelled == null && owners.containsKey(key)) {
          throw JobException.config(
              "slices["
                  + i
                  + "]: column '"
                  + c
                  + "' would clash with "
                  + owners.get(key)
                  + " of the results; rename it in a query, e.g. query = \"SELECT"
                  + " *, `"
                  + c.replace("`", "``")
                  + "` AS "
                  + c.replaceAll("[^A-Za-z0-9_]", "_")
                  + "_key FROM ...\", and slice by the new name");
        }
      }
    }
    sliceColumns.forEach((key, c) -> owners.put(key, "slice column '" + c + "'"));
    results.forEach(
        (key, columns) -> {
          for (String column : columns) {
            String clash = owners.putIfAbsent(column.toLowerCase(Locale.ROOT), key);
            if (clash != null) {
              throw JobException.config(
                  key
                      + ": output column '"
                      + column
                      + "' clashes with "
                      + clash
                      + "; rename the result");
            }
          }
        });
  }
}
