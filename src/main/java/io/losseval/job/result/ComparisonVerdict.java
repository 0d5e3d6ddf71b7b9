package io.losseval.job.result;

import io.losseval.job.config.JobConfig.Comparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a comparison of two evaluations shows: its overall difference (candidate - baseline) with
 * the interval, and in how many slice values the candidate is clearly worse or better.
 *
 * @param comparison the candidate and the baseline
 * @param overall the overall result row, or null when the slices have no overall entry
 * @param worse slice values (overall excluded) whose interval lies wholly above 0
 * @param better slice values whose interval lies wholly below 0
 * @param unclear slice values whose interval holds 0, or that have no interval
 */
public record ComparisonVerdict(
    Comparison comparison, ResultRow overall, int worse, int better, int unclear) {

  /** What an interval of candidate - baseline says about the candidate (lower loss is better). */
  public enum Conclusion {
    WORSE("candidate worse"),
    BETTER("candidate better"),
    UNCLEAR("no clear difference"),
    NO_INTERVAL("no interval");

    private final String text;

    Conclusion(String text) {
      this.text = text;
    }

    /** How the report says it: "candidate worse", ... */
    public String text() {
      return text;
    }

    /** The name in run records: worse, better, unclear, no_interval. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The conclusion from {@code result}'s interval on {@code row}. */
    public static Conclusion of(ResultRow row, String result) {
      if (!row.hasInterval(result)) {
        return NO_INTERVAL;
      }
      Double lower = row.lower().get(result);
      Double upper = row.upper().get(result);
      if (lower == null || upper == null || lower.isNaN() || upper.isNaN()) {
        return NO_INTERVAL;
      }
      return lower > 0 ? WORSE : upper < 0 ? BETTER : UNCLEAR;
    }
  }

  /** The overall row's conclusion, or NO_INTERVAL without an overall row. */
  public Conclusion conclusion() {
    return overall == null ? Conclusion.NO_INTERVAL : Conclusion.of(overall, comparison.name());
  }

  /** One verdict per comparison, in comparison order. */
  public static List<ComparisonVerdict> of(List<Comparison> comparisons, List<ResultRow> rows) {
    List<ComparisonVerdict> out = new ArrayList<>();
    for (Comparison c : comparisons) {
      ResultRow overall = null;
      int worse = 0;
      int better = 0;
      int unclear = 0;
      for (ResultRow r : rows) {
        if (r.slice().overall()) {
          overall = overall == null ? r : overall;
          continue;
        }
        switch (Conclusion.of(r, c.name())) {
          case WORSE -> worse++;
          case BETTER -> better++;
          default -> unclear++;
        }
      }
      out.add(new ComparisonVerdict(c, overall, worse, better, unclear));
    }
    return List.copyOf(out);
  }
}
