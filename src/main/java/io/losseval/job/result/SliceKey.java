package io.losseval.job.result;

import io.losseval.job.config.ResultColumns;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which slice value a result row holds: the slice by its position in the configuration's {@code
 * slices} and its columns, and the row's value of each of those columns. The job tells slices apart
 * by position, never by the text of the {@code slice} column.
 *
 * @param index the slice's position in the configured list
 * @param columns the slice's columns, none for the overall slice
 * @param values the row's value of each column (NULL is a value of its own), in column order
 */
public record SliceKey(int index, List<String> columns, List<Object> values) {

  public SliceKey {
    columns = List.copyOf(columns);
    values = Collections.unmodifiableList(new ArrayList<>(values)); // NULL keys are kept
    if (columns.size() != values.size()) {
      throw new IllegalArgumentException(
          columns.size() + " slice columns but " + values.size() + " values");
    }
  }

  /** The overall slice, at position {@code index}. */
  public static SliceKey overall(int index) {
    return new SliceKey(index, List.of(), List.of());
  }

  /** Whether this is the overall slice (no columns). */
  public boolean overall() {
    return columns.isEmpty();
  }

  /** Whether the slice groups by {@code column}. */
  public boolean groupsBy(String column) {
    return columns.contains(column);
  }

  /** The row's value of {@code column}; the slice must group by it. */
  public Object value(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("slice " + columns + " does not group by " + column);
    }
    return values.get(i);
  }

  /**
   * "overall", or "column=value, ..." with names as {@link ResultColumns#sliceName} writes them.
   */
  public String describe() {
    if (overall()) {
      return ResultColumns.OVERALL;
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      parts.add(
          ResultColumns.sliceName(List.of(columns.get(i))) + "=" + TextFormat.value(values.get(i)));
    }
    return String.join(", ", parts);
  }
}
