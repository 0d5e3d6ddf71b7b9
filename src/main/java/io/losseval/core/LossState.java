package io.losseval.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The mergeable partial state of one loss over one group of rows: the number of rows, a count of
 * loss elements, the row width every row of the group shares, and a loss-specific number of exact
 * sums. Every loss shares this one shape; a {@link LossKernel} decides what its sums mean and how
 * they become a reduction.
 *
 * <p>Mutable and not thread-safe, like an accumulator: one partition updates one state, and states
 * are combined with {@link #merge}, whose result does not depend on the merge order. Reads ({@link
 * #rows}, {@link #sum}, {@link #toBytes}) never change what the state holds: rows a {@link
 * RowBatch} still holds for the state are added by whoever owns the batch, before it reads, merges
 * or serializes the state.
 *
 * <p>Each state carries its layout (the loss and the options that shape its sums), so that states
 * of different losses or options are never merged, and the width of its rows (the class count or
 * array length), so that a group whose rows differ in width, which no PyTorch tensor can hold, is
 * an error wherever its rows meet.
 */
public final class LossState {
  /** Format of {@link #toBytes}; version 1 had no layout and no width. */
  static final byte SERIAL_VERSION = 2;

  /** {@link #width()} of a state no row has reached yet. */
  public static final int NO_WIDTH = -1;

  private final Layout layout;
  private long rows;
  private long elements;
  private int width = NO_WIDTH;
  private final ExactSum[] sums;

  /**
   * What a state's sums mean: the loss and a description of the options that shape them (its
   * argument shapes and every option value), and how many sums there are. Two states merge only
   * when their layouts are equal; serialized states carry the layout's {@link #fingerprint}.
   */
  public static final class Layout implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final String variant;
    private final int sumCount;
    private final String widthUnit;
    // Computed once: a state's bytes carry it, and grouped queries serialize and read a state per
    // group (a CRC-32 of the text per state showed in their profiles).
    private final int fingerprint;

    /**
     * The layout of a loss's states.
     *
     * @param function the loss's name, for messages
     * @param variant the argument shapes and option values the state was made with
     * @param sumCount the number of exact sums (0 to 127)
     * @param widthUnit what a row's width counts ("classes", "elements"), for messages
     */
    public Layout(String function, String variant, int sumCount, String widthUnit) {
      if (sumCount < 0 || sumCount > 127) {
        throw new IllegalArgumentException("a loss state has 0 to 127 sums, not " + sumCount);
      }
      this.function = function;
      this.variant = variant;
      this.sumCount = sumCount;
      this.widthUnit = widthUnit;
      CRC32 crc = new CRC32();
      crc.update(toString().getBytes(StandardCharsets.UTF_8));
      this.fingerprint = (int) crc.getValue();
    }

    /** The loss's name, for messages. */
    public String function() {
      return function;
    }

    /** The argument shapes and option values the state was made with. */
    public String variant() {
      return variant;
    }

    /** The number of exact sums. */
    public int sumCount() {
      return sumCount;
    }

    /** What a row's width counts ("classes", "elements"), for messages. */
    public String widthUnit() {
      return widthUnit;
    }

    /** A 32-bit digest of the whole layout (CRC-32 of its text), carried by serialized states. */
    public int fingerprint() {
      return fingerprint;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Layout l
          && l.sumCount == sumCount
          && l.function.equals(function)
          && l.variant.equals(variant)
          && l.widthUnit.equals(widthUnit);
    }

    @Override
    public int hashCode() {
      return Objects.hash(function, variant, sumCount, widthUnit);
    }

    @Override
    public String toString() {
      return function
          + (variant.isEmpty() ? "" : " " + variant)
          + ", "
          + sumCount
          + (sumCount == 1 ? " sum" : " sums");
    }
  }

  /** An empty state of {@code layout}. */
  public LossState(Layout layout) {
    this.layout = layout;
    sums = new ExactSum[layout.sumCount()];
    for (int k = 0; k < sums.length; k++) {
      sums[k] = new ExactSum();
    }
  }

  private LossState(Layout layout, ExactSum[] sums) {
    this.layout = layout;
    this.sums = sums;
  }

  /** What this state's sums mean. */
  public Layout layout() {
    return layout;
  }

  /** Number of rows (samples) added. */
  public long rows() {
    return rows;
  }

  /** Number of loss elements added (the element count PyTorch's elementwise 'mean' divides by). */
  public long elements() {
    return elements;
  }

  /**
   * The width every row added so far has (class count or array length); {@link #NO_WIDTH} if none.
   */
  public int width() {
    return width;
  }

  /** The exact sum in slot {@code k}. */
  public ExactSum sum(int k) {
    return sums[k];
  }

  /** Number of exact sums. */
  public int sumCount() {
    return sums.length;
  }

  void addRows(long n) {
    rows += n;
  }

  /** Adds {@code n} loss elements (the count an elementwise 'mean' divides by). */
  public void addElements(long n) {
    elements += n;
  }

  /**
   * Records that a row of width {@code w} was added: the first row sets the group's width, and any
   * other width is refused (the caller turns that into a data error naming the loss).
   *
   * @return true when {@code w} is the group's width
   */
  boolean admitWidth(int w) {
    if (width == w) {
      return true;
    }
    if (width == NO_WIDTH) {
      width = w;
      return true;
    }
    return false;
  }

  /**
   * Adds everything {@code other} holds into this state. Fails with {@link LossStateException} when
   * the two were made by different losses or options, and with a {@link LossDataException} when
   * their rows have different widths.
   */
  public void merge(LossState other) {
    if (other.layout != layout && !other.layout.equals(layout)) {
      throw new LossStateException(
          "cannot merge a loss state of "
              + other.layout
              + " into one of "
              + layout
              + "; partial states of different losses or options met");
    }
    if (other.width != NO_WIDTH && width != NO_WIDTH && other.width != width) {
      throw new LossDataException(
          0,
          layout.function()
              + ": rows of one group have "
              + width
              + " and "
              + other.width
              + " "
              + layout.widthUnit()
              + "; every row of a group must "
              + "have the same number, as in one PyTorch tensor");
    }
    if (width == NO_WIDTH) {
      width = other.width;
    }
    rows += other.rows;
    elements += other.elements;
    for (int k = 0; k < sums.length; k++) {
      sums[k].merge(other.sums[k]);
    }
  }

  /**
   * Compact, versioned bytes: version (1 byte), layout fingerprint (4), width (4), rows (8),
   * elements (8), sum count (1), then each sum in {@link ExactSum}'s own format.
   */
  public byte[] toBytes() {
    int size = 1 + 4 + 4 + 8 + 8 + 1;
    for (ExactSum s : sums) {
      size += s.serializedSize();
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(SERIAL_VERSION)
        .putInt(layout.fingerprint())
        .putInt(width)
        .putLong(rows)
        .putLong(elements)
        .put((byte) sums.length);
    for (ExactSum s : sums) {
      s.writeTo(out);
    }
    return out.array();
  }

  /**
   * Reads what {@link #toBytes} wrote for a state of {@code layout}; fails with {@link
   * LossStateException} for another format version or a state of another layout.
   */
  public static LossState fromBytes(byte[] bytes, Layout layout) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != SERIAL_VERSION) {
      throw new LossStateException(
          "cannot read a loss state of serial format "
              + version
              + " (this version reads format "
              + SERIAL_VERSION
              + "); are executors running "
              + "another version of spark-loss-evaluator?");
    }
    int fingerprint = in.getInt();
    if (fingerprint != layout.fingerprint()) {
      throw new LossStateException(
          "cannot read a loss state as one of "
              + layout
              + ": it was made by another loss or other options (layout fingerprint "
              + Integer.toHexString(fingerprint)
              + ", expected "
              + Integer.toHexString(layout.fingerprint())
              + ")");
    }
    int width = in.getInt();
    long rows = in.getLong();
    long elements = in.getLong();
    int count = in.get();
    if (count != layout.sumCount()) {
      throw new LossStateException("corrupt loss state of " + layout + ": " + count + " sums");
    }
    ExactSum[] sums = new ExactSum[count];
    for (int k = 0; k < count; k++) {
      sums[k] = ExactSum.readFrom(in);
    }
    LossState state = new LossState(layout, sums);
    state.width = width;
    state.rows = rows;
    state.elements = elements;
    return state;
  }
}
