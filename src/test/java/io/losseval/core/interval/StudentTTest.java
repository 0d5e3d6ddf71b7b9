package io.losseval.core.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The t critical values against SciPy's (written by {@code tools/generate_t_quantiles.py}) and
 * against the closed forms for one and two degrees of freedom.
 */
class StudentTTest {
  private record Reference(int df, double confidence, double critical) {}

  private static List<Reference> references() throws Exception {
    List<Reference> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                StudentTTest.class.getResourceAsStream("/interval/t_quantiles.csv"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("#") || line.startsWith("df,")) {
          continue;
        }
        String[] f = line.split(",");
        out.add(
            new Reference(
                Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
      }
    }
    return out;
  }

  @Test
  void criticalValuesAgreeWithScipy() throws Exception {
    List<Reference> refs = references();
    assertEquals(192, refs.size(), "the committed reference values");
    double worst = 0;
    for (Reference r : refs) {
      double t = StudentT.twoSidedCritical(r.confidence(), r.df());
      double rel = Math.abs(t - r.critical()) / r.critical();
      worst = Math.max(worst, rel);
      // Below 1/2 SciPy inverts the distribution function at p = 1/2 + c/2, which it holds to
      // about 1e-16 absolute, i.e. 1e-16 / c relative to the central mass c: its own accuracy
      // there (1e-6 is about 2e-11 off; the closed forms below check that range instead).
      double tolerance = Math.max(1e-12, 1e-16 / r.confidence());
      assertTrue(
          rel <= tolerance,
          "df "
              + r.df()
              + ", confidence "
              + r.confidence()
              + ": "
              + t
              + " vs scipy "
              + r.critical()
              + " (relative "
              + rel
              + ")");
    }
    System.out.println("StudentT: worst relative difference from scipy " + worst);
  }

  @Test
  void closedFormsForOneAndTwoDegreesOfFreedom() {
    for (double c : new double[] {1e-6, 0.001, 0.3, 0.5, 0.9, 0.95, 0.99, 0.9999}) {
      // df 1 (Cauchy): t = tan(pi c / 2) = 1 / tan(pi (1 - c) / 2), the latter accurate near
      // c = 1; df 2: t = c sqrt(2 / (1 - c^2)), with 1 - c^2 as (1 - c)(1 + c)
      double cauchy = c < 0.5 ? Math.tan(Math.PI * c / 2) : 1 / Math.tan(Math.PI * (1 - c) / 2);
      assertEquals(cauchy, StudentT.twoSidedCritical(c, 1), 1e-13 * cauchy, "df 1, c " + c);
      double two = c * Math.sqrt(2 / ((1 - c) * (1 + c)));
      assertEquals(two, StudentT.twoSidedCritical(c, 2), 1e-13 * two, "df 2, c " + c);
    }
  }

  @Test
  void probabilitiesInvertTheQuantile() {
    for (int df : new int[] {1, 3, 19, 999}) {
      for (double c : new double[] {0.2, 0.95, 0.999999}) {
        double t = StudentT.twoSidedCritical(c, df);
        assertEquals(c, StudentT.centralProbability(t, df), 1e-14);
        assertEquals(1 - c, StudentT.tailProbability(t, df), 1e-13 * (1 - c));
      }
    }
  }

  @Test
  void rejectsConfidenceOutsideTheOpenUnitIntervalAndDegreesBelowOne() {
    for (double c : new double[] {0, 1, -0.5, Double.NaN}) {
      assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedCritical(c, 5));
    }
    assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedCritical(0.95, 0));
  }
}
