package io.losseval.core.interval;

/**
 * Why a result has no interval: the text of the result's {@code no_bounds} field, which is NULL
 * whenever {@code lower}, {@code upper} and {@code stderr} are given.
 */
public enum NoBounds {
  /** The group holds no row: there is no value either. */
  NO_ROWS("no rows"),
  /**
   * Without a key, the rows hold too few distinct values: a row's values are shared, on average, by
   * more than {@value IntervalEstimator#REPEATS_LIMIT} rows. Identical rows share a bucket, so the
   * buckets would vary with which values landed where, and the interval would be too wide by about
   * the square root of that average; a row-id key (or a cluster key) fixes it.
   */
  FEW_DISTINCT_ROWS("few distinct rows; pass a key"),
  /** A bucket holds no row (always so with fewer rows, or keys, than buckets). */
  EMPTY_BUCKET("empty bucket"),
  /** The value, a leave-one-bucket-out estimate or a bound is NaN or infinite. */
  NOT_FINITE("not finite");

  private final String text;

  NoBounds(String text) {
    this.text = text;
  }

  /** What the result's {@code no_bounds} field says. */
  public String text() {
    return text;
  }
}
