package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.Sample;
import java.io.Serializable;

/**
 * What the generated code of a per-row form ({@code <loss>_none}) over number arguments calls: the
 * loss's per-row value for one row, given its arguments as primitive doubles (no varargs, no
 * boxing), with a data error naming its column as the interpreted path's does.
 *
 * <p>Immutable, so that one instance may serve every task and thread that shares a plan (in local
 * mode the plan's objects are shared); the mutable {@link Sample} each call fills is the generated
 * object's own ({@link #newSample}, kept in a field of the generated class, one per task).
 * Spark-internal, public only for the generated code.
 */
public final class NumberRowLoss implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The most number arguments a call may have for generated code (one {@code value} each). */
  static final int MAX_ARGUMENTS = 3;

  private final LossNode node;

  NumberRowLoss(LossNode node) {
    this.node = node;
  }

  /**
   * A sample for one generated object's rows, each argument pointed once at its one-value slot (the
   * interpreted path's reader prepares its sample alike).
   */
  public Sample newSample() {
    return node.call.newSample();
  }

  /**
   * The loss of a row whose one argument is {@code a}; {@code s} is from {@link #newSample}. A NaN
   * or an infinity goes to the kernel as it is, as on the interpreted path.
   */
  public double value(Sample s, double a) {
    s.values(0)[0] = a;
    return perSample(s);
  }

  /** The loss of a row whose arguments are {@code a, b}, as {@link #value(Sample, double)}. */
  public double value(Sample s, double a, double b) {
    s.values(0)[0] = a;
    s.values(1)[0] = b;
    return perSample(s);
  }

  /** The loss of a row whose arguments are {@code a, b, c}, as {@link #value(Sample, double)}. */
  public double value(Sample s, double a, double b, double c) {
    s.values(0)[0] = a;
    s.values(1)[0] = b;
    s.values(2)[0] = c;
    return perSample(s);
  }

  private double perSample(Sample s) {
    try {
      return node.call.kernel.perSample(s);
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }
}
