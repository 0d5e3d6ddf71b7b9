package io.losseval.core.interval;

import io.losseval.core.Sample;

/**
 * A row of a comparison as an adapter reads it: one {@link Sample} whose arguments {@code 0 .. n-1}
 * are the candidate's tensors and {@code n .. 2n-1} the baseline's, with a view of each side as a
 * sample of {@code n} arguments for that side's kernel. Per thread, reused for every row, like a
 * {@code Sample}.
 */
public final class PairedRow {
  private final Sample row;
  private final Sample candidate;
  private final Sample baseline;
  private final int perSide;

  /** Views of {@code row}, which holds both sides' arguments. */
  public PairedRow(Sample row) {
    if (row.arguments() % 2 != 0) {
      throw new IllegalArgumentException(
          "a paired row has as many baseline arguments as "
              + "candidate arguments, not "
              + row.arguments()
              + " in all");
    }
    this.row = row;
    this.perSide = row.arguments() / 2;
    this.candidate = new Sample(perSide);
    this.baseline = new Sample(perSide);
  }

  /** The sample holding both sides' arguments, which the adapter fills. */
  public Sample row() {
    return row;
  }

  /** Tensor arguments per side. */
  public int perSide() {
    return perSide;
  }

  /** Points both views at the row's current arguments. */
  void point() {
    for (int a = 0; a < perSide; a++) {
      candidate.set(a, row.values(a), row.offset(a), row.length(a), row.width(a));
      int b = perSide + a;
      baseline.set(a, row.values(b), row.offset(b), row.length(b), row.width(b));
    }
  }

  Sample candidate() {
    return candidate;
  }

  Sample baseline() {
    return baseline;
  }
}
