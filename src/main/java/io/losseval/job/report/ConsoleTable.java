package io.losseval.job.report;

import io.losseval.job.result.TextFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as a plain-text table for the console. Numbers are right-aligned, doubles shown with
 * 6 significant digits (the output files keep every bit), NULL as "NULL".
 */
final class ConsoleTable {
  private final List<String> headers = new ArrayList<>();
  private final List<Boolean> rightAligned = new ArrayList<>();
  private final List<List<String>> cells = new ArrayList<>();

  /** Adds a column; {@code right} aligns it to the right (numbers). */
  public ConsoleTable column(String header, boolean right) {
    headers.add(header);
    rightAligned.add(right);
    return this;
  }

  /** Adds a row of already formatted cells, one per column. */
  public ConsoleTable row(List<String> row) {
    cells.add(List.copyOf(row));
    return this;
  }

  /** A table of {@code rows}, each the values of the {@code columns} in order. */
  public static ConsoleTable of(List<List<Object>> rows, List<String> columns) {
    ConsoleTable t = new ConsoleTable();
    for (int i = 0; i < columns.size(); i++) {
      boolean numeric = false;
      for (List<Object> r : rows) {
        numeric |= r.get(i) instanceof Number;
      }
      t.column(columns.get(i), numeric);
    }
    for (List<Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : r) {
        cells.add(TextFormat.value(v));
      }
      t.row(cells);
    }
    return t;
  }

  /** The table as console lines, columns as wide as their widest cell. */
  public String render() {
    int[] width = new int[headers.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = headers.get(c).length();
      for (List<String> row : cells) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder line = new StringBuilder("+");
    for (int w : width) {
      line.append("-".repeat(w + 2)).append('+');
    }
    StringBuilder b = new StringBuilder();
    b.append(line).append('\n');
    appendRow(b, headers, width, false);
    b.append(line).append('\n');
    for (List<String> row : cells) {
      appendRow(b, row, width, true);
    }
    b.append(line).append('\n');
    return b.toString();
  }

  private void appendRow(StringBuilder b, List<String> row, int[] width, boolean align) {
    b.append('|');
    for (int c = 0; c < width.length; c++) {
      String v = row.get(c);
      String pad = " ".repeat(width[c] - v.length());
      b.append(' ').append(align && rightAligned.get(c) ? pad + v : v + pad).append(" |");
    }
    b.append('\n');
  }
}
