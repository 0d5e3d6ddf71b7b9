package io.losseval.job.config;

import java.util.List;
import java.util.Locale;

/** The allowed name a misspelled one most likely meant, for "did you mean" in messages. */
final class Suggestion {
  private Suggestion() {}

  /**
   * "; did you mean 'NAME'?" for the allowed name closest to {@code given} (edit distance, ignoring
   * case) when it is close enough to be a slip of the keys: at most 2 edits, or a quarter of the
   * name's length for long names; "" when none is.
   */
  static String didYouMean(String given, List<String> allowed) {
    String v = given.trim().toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Math.max(2, v.length() / 4) + 1;
    for (String a : allowed) {
      int d = distance(v, a.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = a;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  /** Levenshtein distance: insertions, deletions and substitutions of one character. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
