package io.losseval.job.report;

/** Escaping for the report's HTML, in one place: text in elements and attributes, and scripts. */
final class Html {
  private Html() {}

  /** Text for HTML content and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Text inside a script element: "</script" (in any case) and "<!--" would end or confuse the
   * element, so their '<' is written as the escape JavaScript and JSON both read as '<'.
   */
  static String scriptText(String text) {
    return text.replaceAll("(?i)<(/script|!--)", "\\\\u003c$1");
  }
}
