package io.losseval.core;

/**
 * Tensor arguments as slices of primitive arrays, one slice per argument. It has two uses: one
 * row's arguments (a scalar argument is a slice of length 1; a matrix argument is a row-major slice
 * of {@code length} values with {@code width} columns), or, for {@link LossKernel#addBatch}, the
 * columns of n rows of scalar arguments (argument a's slice holds the n rows' values of that
 * argument). Adapters fill it and reuse it, so kernels must not keep references to it.
 */
public final class Sample {
  /** The {@link #width} of a matrix argument with no lines: its line length is not known. */
  public static final int UNKNOWN_WIDTH = -1;

  private final double[][] values;
  private final int[] offsets;
  private final int[] lengths;
  private final int[] widths;
  private final double[][] storage;
  private double[] scratch = new double[16];
  private long[] sumBuckets; // made on first use

  public Sample(int arguments) {
    values = new double[arguments][];
    offsets = new int[arguments];
    lengths = new int[arguments];
    widths = new int[arguments];
    storage = new double[arguments][];
  }

  /**
   * Points argument {@code arg} at {@code data[offset .. offset+length)}, {@code width} per line.
   */
  public Sample set(int arg, double[] data, int offset, int length, int width) {
    values[arg] = data;
    offsets[arg] = offset;
    lengths[arg] = length;
    widths[arg] = width;
    return this;
  }

  /** Points argument {@code arg} at all of {@code data}. */
  public Sample set(int arg, double[] data) {
    return set(arg, data, 0, data.length, 1);
  }

  public int arguments() {
    return values.length;
  }

  public double[] values(int arg) {
    return values[arg];
  }

  public int offset(int arg) {
    return offsets[arg];
  }

  public int length(int arg) {
    return lengths[arg];
  }

  /**
   * Columns per line of a matrix argument (1 for scalars and arrays); {@link #UNKNOWN_WIDTH} for a
   * matrix without lines.
   */
  public int width(int arg) {
    return widths[arg];
  }

  /** The first value of argument {@code arg}: the value itself for a scalar argument. */
  public double scalar(int arg) {
    return values[arg][offsets[arg]];
  }

  /**
   * Storage for argument {@code arg} of at least {@code n} values, owned by this sample and reused
   * across rows: an adapter copies a row's values here and points the argument at it. The same
   * array comes back while it is large enough (so a scalar argument can be pointed at it once); a
   * larger one keeps what the old one held.
   */
  public double[] storage(int arg, int n) {
    double[] b = storage[arg];
    if (b == null) {
      b = new double[Math.max(n, 16)];
      storage[arg] = b;
    } else if (b.length < n) {
      b = java.util.Arrays.copyOf(b, Math.max(n, 2 * b.length));
      storage[arg] = b;
    }
    return b;
  }

  /** A scratch array of at least {@code n} values, owned by this sample and reused across rows. */
  public double[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new double[Math.max(n, 2 * scratch.length)];
    }
    return scratch;
  }

  /**
   * Scratch buckets for {@link ExactSum#addAll(double[], int, int, long[])} over this sample's
   * rows, owned by this sample (so by one thread at a time).
   */
  public long[] sumBuckets() {
    if (sumBuckets == null) {
      sumBuckets = ExactSum.newBuckets();
    }
    return sumBuckets;
  }
}
