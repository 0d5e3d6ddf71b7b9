package io.losseval.core.interval;

import io.losseval.core.LossState;
import io.losseval.core.LossStateException;
import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The mergeable partial state of an interval or a comparison over one group of rows: per side (one
 * for an interval, candidate and baseline for a comparison) one {@link LossState} per hash bucket.
 * Merging merges bucket by bucket, exactly, so the result does not depend on the merge order; a
 * bucket no row has reached holds no state until one does. Rows bucketed by their own values (no
 * key) also feed a {@link DistinctSketch} of their hashes, which tells whether there are enough
 * distinct rows for the jackknife to mean anything.
 *
 * <p>Mutable and not thread-safe, like {@link LossState}.
 */
public final class BucketedState {
  /** Format of {@link #toBytes}. */
  static final byte SERIAL_VERSION = 2; // 2: the distinct-row sketch of unkeyed states

  private final Layout layout;
  private final LossState[] states; // side-major: [side * buckets + bucket]; null while empty
  private final DistinctSketch distinct; // null when a key decides the buckets

  /**
   * What a bucketed state holds: the layout of each side's loss states, the bucket count, and
   * whether a key decides the buckets (else the rows' values do, and the state also counts distinct
   * rows). Two states merge only when their layouts are equal; serialized states carry the {@link
   * #fingerprint}.
   */
  public record Layout(List<LossState.Layout> sides, int buckets, boolean keyed)
      implements Serializable {
    public Layout {
      sides = List.copyOf(sides);
      if (sides.isEmpty() || sides.size() > 2) {
        throw new IllegalArgumentException(
            "a bucketed state has 1 or 2 sides, not " + sides.size());
      }
    }

    /**
     * A 32-bit digest of the whole layout: of the bucket count, whether keyed, and each side's
     * fingerprint.
     */
    public int fingerprint() {
      int h = 2 * buckets + (keyed ? 1 : 0);
      for (LossState.Layout side : sides) {
        h = 31 * h + side.fingerprint();
      }
      return h;
    }

    @Override
    public String toString() {
      return buckets
          + (keyed ? " keyed" : "")
          + " buckets of "
          + (sides.size() == 1
              ? sides.get(0)
              : "candidate " + sides.get(0) + " and baseline " + sides.get(1));
    }
  }

  /** An empty state of {@code layout}. */
  public BucketedState(Layout layout) {
    this.layout = layout;
    this.states = new LossState[layout.sides().size() * layout.buckets()];
    this.distinct = layout.keyed() ? null : new DistinctSketch();
  }

  public Layout layout() {
    return layout;
  }

  /** The state of bucket {@code bucket} of side {@code side}, made empty on first use. */
  public LossState bucket(int side, int bucket) {
    int i = side * layout.buckets() + bucket;
    LossState s = states[i];
    if (s == null) {
      s = new LossState(layout.sides().get(side));
      states[i] = s;
    }
    return s;
  }

  /**
   * Counts a row of hash {@code hash} ({@link BucketHash#hash} of its values) among the distinct
   * rows; only for states without a key.
   */
  void countDistinct(long hash) {
    distinct.add(hash);
  }

  /**
   * Above which (as {@link DistinctSketch#limit}, sign bit flipped) a row's hash would not change
   * the distinct-row sketch, until the next {@link #countDistinct}; only for states without a key.
   */
  long distinctLimit() {
    return distinct.limit();
  }

  /**
   * The distinct rows added (by their values' hash): exact below {@value DistinctSketch#CAPACITY},
   * else an estimate (see {@link DistinctSketch}); NaN for a keyed state, which does not count.
   */
  public double distinctRows() {
    return distinct == null ? Double.NaN : distinct.distinct();
  }

  /**
   * How many rows, on average, share a row's values (see {@link DistinctSketch#repeats}): 1 when
   * all differ; NaN for a keyed state, which does not count.
   */
  public double repeats() {
    return distinct == null ? Double.NaN : distinct.repeats();
  }

  /** Whether no row has reached bucket {@code bucket} of side {@code side}. */
  public boolean isEmpty(int side, int bucket) {
    LossState s = states[side * layout.buckets() + bucket];
    return s == null || s.rows() == 0;
  }

  /** Rows added to side 0 (every side holds the same rows). */
  public long rows() {
    long rows = 0;
    for (int b = 0; b < layout.buckets(); b++) {
      LossState s = states[b];
      rows += s == null ? 0 : s.rows();
    }
    return rows;
  }

  /**
   * Adds everything {@code other} holds, bucket by bucket. Fails with {@link LossStateException}
   * when the two have other bucket counts, losses or options; a group whose rows differ in width
   * fails with the {@link io.losseval.core.LossDataException} of {@link LossState#merge}.
   */
  public void merge(BucketedState other) {
    if (!other.layout.equals(layout)) {
      throw new LossStateException(
          other.layout.buckets() != layout.buckets()
              ? "cannot merge a state of "
                  + other.layout.buckets()
                  + " buckets into one of "
                  + layout.buckets()
                  + " buckets; partial states of different bucket counts met"
              : "cannot merge a bucketed state of "
                  + other.layout
                  + " into one of "
                  + layout
                  + "; partial states of different losses or options met");
    }
    for (int i = 0; i < states.length; i++) {
      LossState o = other.states[i];
      if (o != null) {
        if (states[i] == null) {
          states[i] = new LossState(o.layout());
        }
        states[i].merge(o);
      }
    }
    if (distinct != null) {
      distinct.merge(other.distinct);
    }
  }

  /**
   * Compact, versioned bytes: version (1 byte), layout fingerprint (4), then for each side and
   * bucket the length of its {@link LossState#toBytes} as an unsigned LEB128 number followed by
   * those bytes, or a single 0 for a bucket that holds no row; then, without a key, the
   * distinct-row sketch (its hash count as an unsigned LEB128 number, then per hash 8 bytes and its
   * row count as an unsigned LEB128 number).
   */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 + 48 * states.length);
    out.write(SERIAL_VERSION);
    int f = layout.fingerprint();
    out.write(f >>> 24);
    out.write(f >>> 16);
    out.write(f >>> 8);
    out.write(f);
    for (LossState s : states) {
      if (s == null || isBlank(s)) {
        out.write(0);
        continue;
      }
      byte[] bytes = s.toBytes();
      writeLength(out, bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    if (distinct != null) {
      distinct.write(out);
    }
    return out.toByteArray();
  }

  /** {@code n >= 0} as an unsigned LEB128 number. */
  static void writeLength(ByteArrayOutputStream out, int n) {
    for (; ; n >>>= 7) {
      if (n < 0x80) {
        out.write(n);
        return;
      }
      out.write(n & 0x7F | 0x80);
    }
  }

  /** An unsigned LEB128 number of at most 28 bits; {@code what} names the state for errors. */
  static int readLength(ByteBuffer in, String what) {
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.get() & 0xFF;
      length |= (b & 0x7F) << shift;
      if (b < 0x80) {
        return length;
      }
      if (shift > 21) {
        throw new LossStateException("corrupt " + what + ": a length overflows");
      }
    }
  }

  /** A state no row reached: no rows, no width, nothing in any sum. */
  private static boolean isBlank(LossState s) {
    if (s.rows() != 0 || s.elements() != 0 || s.width() != LossState.NO_WIDTH) {
      return false;
    }
    for (int k = 0; k < s.sumCount(); k++) {
      if (!s.sum(k).isZero()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads what {@link #toBytes} wrote for a state of {@code layout}; fails with {@link
   * LossStateException} for another format version, another layout (naming both bucket counts when
   * they differ) or corrupt bytes.
   */
  public static BucketedState fromBytes(byte[] bytes, Layout layout) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != SERIAL_VERSION) {
      throw new LossStateException(
          "cannot read a bucketed loss state of serial format "
              + version
              + " (this version reads format "
              + SERIAL_VERSION
              + "); are executors "
              + "running another version of spark-loss-evaluator?");
    }
    int fingerprint = in.getInt();
    if (fingerprint != layout.fingerprint()) {
      throw new LossStateException(
          "cannot read a bucketed loss state as one of "
              + layout
              + ": it was made with another bucket count, loss or options (layout fingerprint "
              + Integer.toHexString(fingerprint)
              + ", expected "
              + Integer.toHexString(layout.fingerprint())
              + ")");
    }
    BucketedState state = new BucketedState(layout);
    int buckets = layout.buckets();
    String what = "bucketed loss state of " + layout;
    try {
      for (int i = 0; i < state.states.length; i++) {
        int length = readLength(in, what);
        if (length > in.remaining()) {
          throw new LossStateException(
              "corrupt bucketed loss state of "
                  + layout
                  + ": a "
                  + "bucket of "
                  + length
                  + " bytes with "
                  + in.remaining()
                  + " left");
        }
        if (length > 0) {
          byte[] one = Arrays.copyOfRange(bytes, in.position(), in.position() + length);
          in.position(in.position() + length);
          state.states[i] = LossState.fromBytes(one, layout.sides().get(i / buckets));
        }
      }
      if (!layout.keyed()) {
        DistinctSketch read = DistinctSketch.read(in, what);
        state.distinct.merge(read);
      }
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new LossStateException("corrupt bucketed loss state of " + layout + ": " + e);
    }
    if (in.hasRemaining()) {
      throw new LossStateException(
          "corrupt bucketed loss state of " + layout + ": " + in.remaining() + " bytes left over");
    }
    return state;
  }
}
