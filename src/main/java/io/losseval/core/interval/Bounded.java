package io.losseval.core.interval;

/** A result that may carry an interval: its bounds and standard error, each null without one. */
public interface Bounded {
  /** The interval and standard error; null when there is none (see {@link Interval#bounds}). */
  Bounds bounds();

  /** Why there are no bounds; null when there are. */
  NoBounds noBounds();

  /** The lower bound, or null. */
  default Double lower() {
    return bounds() == null ? null : bounds().lower();
  }

  /** The upper bound, or null. */
  default Double upper() {
    return bounds() == null ? null : bounds().upper();
  }

  /** The jackknife standard error, or null. */
  default Double stderr() {
    return bounds() == null ? null : bounds().stderr();
  }
}
