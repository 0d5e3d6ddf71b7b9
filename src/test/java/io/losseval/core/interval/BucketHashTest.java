package io.losseval.core.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.Sample;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The documented bucket hash: its values, what it sees and ignores, and its spread. */
class BucketHashTest {

  private static Sample row(double[]... arguments) {
    Sample s = new Sample(arguments.length);
    for (int a = 0; a < arguments.length; a++) {
      s.set(a, arguments[a]);
    }
    return s;
  }

  /**
   * Values of the definition in BucketHash's Javadoc (and the README), computed by a separate
   * Python transcription of that text (arbitrary-precision integers masked to 64 bits), so that an
   * accidental change of the hash, which would move every row and every interval, fails here.
   */
  @Test
  void valuesOfTheDocumentedDefinition() {
    Sample scalars = row(new double[] {1.5}, new double[] {2.0});
    assertEquals(9069060780753674360L, BucketHash.hash(scalars));
    assertEquals(9, BucketHash.bucket(scalars, 20));
    Sample special = row(new double[] {0.1, -0.0, Double.NaN, -3.25e-300}, new double[] {3.0});
    assertEquals(3705762323339660410L, BucketHash.hash(special));
    assertEquals(4, BucketHash.bucket(special, 20));
    Sample matrix =
        new Sample(2)
            .set(0, new double[] {-1.0, 0.5, 2.0, 0.25}, 0, 4, 2)
            .set(1, new double[] {1.0});
    assertEquals(-4676842190641504906L, BucketHash.hash(matrix));
    assertEquals(14, BucketHash.bucket(matrix, 20), "the top 32 bits (unsigned) scaled by 20");
  }

  /**
   * Key hashes of the definition in BucketHash's Javadoc, from the same kind of separate Python
   * transcription (a string's UTF-8 bytes in little-endian chunks of 8, the last padded).
   */
  @Test
  void keyValuesOfTheDocumentedDefinition() {
    assertEquals(4644957356345171862L, BucketHash.keyHash(7));
    assertEquals(5, BucketHash.bucket(BucketHash.keyHash(7), 20));
    assertEquals(7024435827908880181L, BucketHash.keyHash(-1));
    assertEquals(939115052395601275L, utf8("user-42"));
    assertEquals(1, BucketHash.bucket(utf8("user-42"), 20));
    assertEquals(-2260114022188976677L, utf8(""));
    assertEquals(-2870027514648084285L, utf8("na\u00efve caf\u00e9"), "12 bytes: a padded chunk");
    assertNotEquals(BucketHash.keyHash(7), utf8("7"), "an integer and a string key differ");
  }

  private static long utf8(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return BucketHash.keyHash(b, 0, b.length);
  }

  @Test
  void zerosOfEitherSignAndNaNsOfAnyPayloadHashAlike() {
    assertEquals(
        BucketHash.hash(row(new double[] {0.0, 1.0})),
        BucketHash.hash(row(new double[] {-0.0, 1.0})));
    double otherNaN = Double.longBitsToDouble(0x7FF0_0000_0000_0001L);
    double negativeNaN = Double.longBitsToDouble(0xFFF8_0000_0000_0000L);
    long nan = BucketHash.hash(row(new double[] {Double.NaN}));
    assertEquals(nan, BucketHash.hash(row(new double[] {otherNaN})));
    assertEquals(nan, BucketHash.hash(row(new double[] {negativeNaN})));
  }

  @Test
  void onlyTheValuesInTheSliceCount() {
    double[] padded = {99, 1.5, 2.5, -7};
    Sample slice = new Sample(1).set(0, padded, 1, 2, 1);
    assertEquals(BucketHash.hash(row(new double[] {1.5, 2.5})), BucketHash.hash(slice));
  }

  @Test
  void argumentBoundariesAndMatrixWidthsCount() {
    long a = BucketHash.hash(row(new double[] {1, 2}, new double[] {3}));
    long b = BucketHash.hash(row(new double[] {1}, new double[] {2, 3}));
    assertNotEquals(a, b);
    double[] flat = {1, 2, 3, 4};
    assertNotEquals(
        BucketHash.hash(new Sample(1).set(0, flat, 0, 4, 2)),
        BucketHash.hash(new Sample(1).set(0, flat, 0, 4, 4)));
    assertNotEquals(
        BucketHash.hash(row(new double[] {1, 2})), BucketHash.hash(row(new double[] {2, 1})));
  }

  /**
   * 200,000 random rows over 20 buckets: the counts' chi-square statistic (19 degrees of freedom)
   * stays below 43.8, its 0.999 quantile, and rows one ulp apart are no more alike in bucket than
   * chance (about 1 in 20), so buckets do not follow the values.
   */
  @Test
  void rowsSpreadEvenlyOverBuckets() {
    int buckets = 20;
    int n = 200_000;
    long[] counts = new long[buckets];
    SplittableRandom random = new SplittableRandom(5);
    int sameAsNeighbour = 0;
    for (int i = 0; i < n; i++) {
      double p = random.nextDouble() * 10;
      double y = Math.rint(p);
      int b = BucketHash.bucket(row(new double[] {p}, new double[] {y}), buckets);
      counts[b]++;
      if (b == BucketHash.bucket(row(new double[] {Math.nextUp(p)}, new double[] {y}), buckets)) {
        sameAsNeighbour++;
      }
    }
    double expected = (double) n / buckets;
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    assertTrue(chi2 < 43.8, "chi-square " + chi2);
    double share = (double) sameAsNeighbour / n;
    assertTrue(Math.abs(share - 1.0 / buckets) < 0.003, "neighbours share a bucket " + share);
  }
}
