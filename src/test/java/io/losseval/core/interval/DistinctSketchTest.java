package io.losseval.core.interval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.LossStateException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The distinct-row count: exact below the capacity, the same hashes kept whatever the order and
 * split of the rows, and an estimate within its error above.
 */
class DistinctSketchTest {

  private static byte[] bytes(DistinctSketch s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.write(out);
    return out.toByteArray();
  }

  @Test
  void exactBelowTheCapacityWithRepeats() {
    DistinctSketch s = new DistinctSketch();
    for (int i = 0; i < 127 * 80; i++) {
      s.add(BucketHash.keyHash(i % 127));
    }
    assertEquals(127.0, s.distinct());
    assertEquals(80.0, s.repeats(), "every value 80 times");
    DistinctSketch distinct = new DistinctSketch();
    for (int i = 0; i < 10_000; i++) {
      distinct.add(BucketHash.keyHash(i));
    }
    assertEquals(1.0, distinct.repeats(), "no value repeats");
  }

  /**
   * 50,000 distinct hashes added in one order into one sketch, and in another order split over 64
   * sketches merged in a third order, keep the same bytes; the estimate lies within 4 relative
   * standard errors (4 / sqrt(126) = 36%) of the truth.
   */
  @Test
  void theSameHashesWhateverTheOrderAndTheSplit() {
    int n = 50_000;
    DistinctSketch one = new DistinctSketch();
    for (int i = 0; i < n; i++) {
      one.add(BucketHash.keyHash(i));
      if (i % 3 == 0) {
        one.add(BucketHash.keyHash(i));
      }
    }
    DistinctSketch[] parts = new DistinctSketch[64];
    for (int p = 0; p < parts.length; p++) {
      parts[p] = new DistinctSketch();
    }
    SplittableRandom random = new SplittableRandom(5);
    for (int i = n - 1; i >= 0; i--) {
      parts[random.nextInt(parts.length)].add(BucketHash.keyHash(i));
      if (i % 3 == 0) { // a repeat, perhaps in another part
        parts[random.nextInt(parts.length)].add(BucketHash.keyHash(i));
      }
    }
    DistinctSketch merged = new DistinctSketch();
    for (int p = parts.length - 1; p >= 0; p--) {
      merged.merge(parts[p]);
    }
    assertArrayEquals(bytes(one), bytes(merged));
    assertEquals(
        2 + 9 * DistinctSketch.CAPACITY,
        bytes(one).length,
        "a full sketch: 128 hashes of 8 bytes and counts of 1");
    // A third of the values come twice: repeats = (2/3 * 1 + 1/3 * 4) / (2/3 + 1/3 * 2) = 1.5,
    // estimated from the 128 kept values.
    assertTrue(Math.abs(one.repeats() - 1.5) < 0.15, "repeats " + one.repeats());
    double relative = one.distinct() / n - 1;
    assertTrue(
        Math.abs(relative) < 4 / Math.sqrt(DistinctSketch.CAPACITY - 2),
        "estimate " + one.distinct() + " of " + n);
  }

  @Test
  void bytesRoundTripAndCorruptionIsCaught() {
    DistinctSketch s = new DistinctSketch();
    for (int i = 0; i < 300; i++) {
      s.add(BucketHash.keyHash(i));
    }
    byte[] b = bytes(s);
    DistinctSketch back = DistinctSketch.read(ByteBuffer.wrap(b), "test state");
    assertArrayEquals(b, bytes(back));
    assertEquals(s.distinct(), back.distinct());
    byte[] swapped = b.clone();
    System.arraycopy(b, 2, swapped, 11, 9); // the first two (hash, count) entries swapped
    System.arraycopy(b, 11, swapped, 2, 9);
    LossStateException e =
        assertThrows(
            LossStateException.class,
            () -> DistinctSketch.read(ByteBuffer.wrap(swapped), "test state"));
    assertTrue(e.getMessage().contains("out of order"), e.getMessage());
  }
}
