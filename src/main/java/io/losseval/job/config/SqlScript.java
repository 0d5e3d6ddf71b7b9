package io.losseval.job.config;

import java.util.ArrayList;
import java.util.List;

/** Splits a SQL file into statements at semicolons outside quotes and comments. */
final class SqlScript {
  private SqlScript() {}

  /** The statements of {@code text}, trimmed; parts holding only comments are dropped. */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean code = false; // whether current holds anything besides comments and blanks
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int end;
      if (c == '\'' || c == '"' || c == '`') {
        end = closing(text, i, c);
        code = true;
      } else if (text.startsWith("--", i)) {
        int nl = text.indexOf('\n', i);
        end = nl < 0 ? text.length() : nl + 1;
      } else if (text.startsWith("/*", i)) {
        int close = text.indexOf("*/", i + 2);
        end = close < 0 ? text.length() : close + 2;
      } else if (c == ';') {
        add(out, current, code);
        current.setLength(0);
        code = false;
        i++;
        continue;
      } else {
        end = i + 1;
        code |= !Character.isWhitespace(c);
      }
      current.append(text, i, end);
      i = end;
    }
    add(out, current, code);
    return out;
  }

  /** Index after the quote that closes the one at {@code start}; a backslash escapes. */
  private static int closing(String text, int start, char quote) {
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return text.length();
  }

  private static void add(List<String> out, StringBuilder statement, boolean code) {
    if (code) {
      out.add(statement.toString().trim());
    }
  }
}
