package io.losseval.core.loss;

/** Distances between two equal-length slices, computed the way PyTorch's functions do. */
final class Distances {
  private Distances() {}

  /**
   * torch.pairwise_distance: {@code ||u - v + eps||_p}, eps added to every coordinate of the
   * difference (so identical vectors are {@code eps D^(1/p)} apart), with torch.norm's meanings of
   * p = 0 (non-zero count) and p = +-infinity (largest / smallest magnitude).
   */
  static double pairwise(double[] u, int uo, double[] v, int vo, int n, double p, double eps) {
    double acc = p == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : 0.0;
    for (int i = 0; i < n; i++) {
      double a = Math.abs(u[uo + i] - v[vo + i] + eps);
      if (p == 2.0) {
        acc += a * a;
      } else if (p == 1.0) {
        acc += a;
      } else if (p == Double.POSITIVE_INFINITY) {
        acc = Math.max(acc, a);
      } else if (p == Double.NEGATIVE_INFINITY) {
        acc = Math.min(acc, a);
      } else if (p == 0.0) {
        acc += a != 0.0 ? 1.0 : 0.0;
      } else {
        acc += Math.pow(a, p);
      }
    }
    if (p == 2.0) {
      return Math.sqrt(acc);
    }
    if (p == 1.0 || p == 0.0 || Double.isInfinite(p)) {
      return acc;
    }
    return Math.pow(acc, 1.0 / p);
  }

  /**
   * F.cosine_similarity as PyTorch computes it (1.13 and 2.x alike): each vector is divided by its
   * Euclidean norm clamped below at {@code eps}, then the two are multiplied and summed. Clamping
   * each norm (not their product) makes two tiny equal vectors similarity 1, not ~0.
   */
  static double cosineSimilarity(double[] u, int uo, double[] v, int vo, int n, double eps) {
    double uu = 0.0;
    double vv = 0.0;
    for (int i = 0; i < n; i++) {
      uu += u[uo + i] * u[uo + i];
      vv += v[vo + i] * v[vo + i];
    }
    double un = Math.max(Math.sqrt(uu), eps);
    double vn = Math.max(Math.sqrt(vv), eps);
    double dot = 0.0;
    for (int i = 0; i < n; i++) {
      dot += (u[uo + i] / un) * (v[vo + i] / vn);
    }
    return dot;
  }
}
