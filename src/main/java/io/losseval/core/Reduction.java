package io.losseval.core;

import io.losseval.PublicApi;
import java.util.Locale;

/** How a group's per-element losses become one value. */
@PublicApi
public enum Reduction {
  /** PyTorch's 'mean': the loss sum over the loss's own denominator (elements, weights, ...). */
  MEAN,
  /** PyTorch's 'sum'. */
  SUM,
  /** The sum over the number of rows aggregated: PyTorch's 'batchmean' for kl_div. */
  BATCHMEAN;

  /** The SQL spelling: 'mean', 'sum' or 'batchmean'. */
  public String sqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a SQL spelling, failing with a message that names the function and the choices. */
  public static Reduction parse(String function, String text) {
    if (text != null) {
      for (Reduction r : values()) {
        if (r.sqlName().equals(text.trim().toLowerCase(Locale.ROOT))) {
          return r;
        }
      }
    }
    throw new LossArgumentException(
        function
            + ": reduction '"
            + text
            + "' is not supported; allowed: 'mean', 'sum', 'batchmean' (per-row losses, PyTorch's "
            + "'none', are the function "
            + function
            + "_none)");
  }
}
