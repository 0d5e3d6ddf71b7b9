package io.losseval.job.report;

import static io.losseval.job.report.Html.escape;

import io.losseval.job.config.JobConfig.Comparison;
import io.losseval.job.config.JobConfig.Evaluation;
import io.losseval.job.config.ResultColumns;
import io.losseval.job.output.RunRecord;
import io.losseval.job.result.ResultRow;
import io.losseval.job.result.TextFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's full results table: every result row with its slice keys, rows, each result's value
 * (and interval, where it has one) and skipped rows; a cell that breaks a threshold is marked.
 * Numbers are shown with 6 significant digits like the console, and carry their exact value for
 * sorting and as a tooltip; the page's script sorts by any column and filters rows.
 */
final class ReportTable {
  private ReportTable() {}

  public static void section(StringBuilder b, RunRecord run) {
    List<String> keys = run.keys();
    List<String> results = new ArrayList<>();
    run.config().evaluations().stream().map(Evaluation::name).forEach(results::add);
    run.config().comparisons().stream().map(Comparison::name).forEach(results::add);
    List<String> withInterval =
        results.stream()
            .filter(r -> run.rows().stream().anyMatch(row -> row.hasInterval(r)))
            .toList();
    b.append("<section aria-labelledby=\"table-h\">\n<h2 id=\"table-h\">All results</h2>\n")
        .append("<p class=\"hint\">")
        .append(TextFormat.plural(run.rows().size(), "row"))
        .append(". Select a column's name to sort by it; select it again to reverse. ")
        .append("<span class=\"swatch bad\"></span> marks a value that breaks a threshold.</p>\n")
        .append("<p><label class=\"filter\">Filter rows <input type=\"search\" id=\"filter\" ")
        .append("placeholder=\"e.g. v1\" autocomplete=\"off\"></label></p>\n")
        .append(
            "<div class=\"table-scroll\"><table class=\"results\" id=\"results\">\n<thead><tr>");
    header(b, ResultColumns.SLICE, false);
    keys.forEach(k -> header(b, k, false));
    header(b, ResultColumns.ROWS, true);
    for (String r : results) {
      header(b, r, true);
      if (withInterval.contains(r)) {
        header(b, r + ResultColumns.LOWER_SUFFIX, true);
        header(b, r + ResultColumns.UPPER_SUFFIX, true);
      }
      if (run.config().evaluations().stream().anyMatch(e -> e.name().equals(r))) {
        header(b, r + ResultColumns.SKIPPED_SUFFIX, true);
      }
    }
    b.append("</tr></thead>\n<tbody>\n");
    for (ResultRow row : run.rows()) {
      b.append("<tr>");
      text(b, ResultColumns.sliceName(row.slice().columns()));
      for (String k : keys) {
        if (row.slice().groupsBy(k)) {
          text(b, TextFormat.value(row.slice().value(k)));
        } else {
          b.append(
              "<td class=\"all\" data-v=\"\" title=\"not grouped by in this slice\">" + "all</td>");
        }
      }
      number(b, row.rows(), false);
      for (String r : results) {
        number(b, row.value(r), run.breaksThreshold(r, row.slice()));
        if (withInterval.contains(r)) {
          number(b, row.lower().get(r), false);
          number(b, row.upper().get(r), false);
        }
        if (row.skipped().containsKey(r)) {
          number(b, row.skipped().get(r), false);
        }
      }
      b.append("</tr>\n");
    }
    b.append("</tbody></table></div>\n</section>\n");
  }

  private static void header(StringBuilder b, String name, boolean numeric) {
    b.append("<th scope=\"col\"")
        .append(numeric ? " class=\"num\"" : "")
        .append(" aria-sort=\"none\"><button type=\"button\">")
        .append(escape(name))
        .append("</button></th>");
  }

  private static void text(StringBuilder b, String value) {
    b.append("<td data-v=\"")
        .append(escape(value))
        .append("\">")
        .append(escape(value))
        .append("</td>");
  }

  /** A numeric cell: shown as the console shows it, its exact value kept for sorting. */
  private static void number(StringBuilder b, Number value, boolean bad) {
    String exact = value == null ? "" : value.toString();
    b.append("<td class=\"num")
        .append(bad ? " bad" : "")
        .append("\" data-v=\"")
        .append(escape(exact))
        .append("\"")
        .append(
            value instanceof Double
                ? " title=\"" + escape(value == null ? "NULL" : exact) + "\""
                : "")
        .append(">")
        .append(escape(TextFormat.value(value)))
        .append(bad ? "<span class=\"sr-only\"> (breaks a threshold)</span>" : "")
        .append("</td>");
  }
}
