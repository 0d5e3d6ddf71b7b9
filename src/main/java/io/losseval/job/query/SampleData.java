package io.losseval.job.query;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Deterministic sample model outputs for the example configuration, tests and benchmarks. Every
 * value is a function of the row's {@code id} alone (xxhash64 of the id and a salt), so the same
 * row count gives the same rows whatever the partitioning, machine or cluster.
 *
 * <p>Columns (for the example's evaluations, and any loss of the same argument kinds; three model
 * versions of decreasing error):
 *
 * <ul>
 *   <li>{@code id} bigint; slices {@code model_version} ('v1'..'v3'), {@code country}
 *       ('BR','DE','FR','IN','US'), {@code day} (a date in the week from 2024-03-01)
 *   <li>regression: {@code prediction}, {@code label} doubles; {@code label} is NULL in about 1% of
 *       rows (labels not yet known), which the job reports as skipped rows
 *   <li>binary: {@code click_prob} in (0, 1), {@code clicked} 0.0 or 1.0
 *   <li>multiclass (4 classes): {@code logits} array&lt;double&gt;, {@code target_class} int in
 *       0..3, {@code log_probs} (log-softmax of the logits) and {@code teacher_probs} (a teacher's
 *       class probabilities) for kl_div
 *   <li>embedding: {@code distance} >= 0 and {@code same} (1 or -1) for hinge_embedding_loss
 * </ul>
 */
public final class SampleData {
  /** Classes of the multiclass columns. */
  public static final int CLASSES = 4;

  private SampleData() {}

  /** {@code rows} sample rows in {@code partitions} partitions (0: Spark's default). */
  public static Dataset<Row> frame(SparkSession spark, long rows, int partitions) {
    Dataset<Long> ids = partitions > 0 ? spark.range(0, rows, 1, partitions) : spark.range(0, rows);
    Dataset<Row> keys =
        ids.selectExpr(
            "id",
            "element_at(array('v1', 'v2', 'v3'), " + pick("model", 3) + ") AS model_version",
            "element_at(array('BR', 'DE', 'FR', 'IN', 'US'), "
                + pick("country", 5)
                + ") AS country",
            "date_add(DATE'2024-03-01', " + pick("day", 7) + " - 1) AS day",
            // Noise scale per model version: later versions are better.
            "CASE "
                + pick("model", 3)
                + " WHEN 1 THEN 1.0D WHEN 2 THEN 0.7D ELSE 0.5D END AS noise",
            "10.0D + 3.0D * " + normal("label") + " AS true_value",
            "CAST(" + uniform("click") + " < 0.3D AS DOUBLE) AS clicked",
            pick("class", CLASSES) + " - 1 AS target_class",
            "CASE WHEN " + uniform("pair") + " < 0.5D THEN 1 ELSE -1 END AS same");
    Dataset<Row> scores =
        keys.selectExpr(
            "*",
            "true_value + noise * " + normal("prediction") + " AS prediction",
            "CASE WHEN " + uniform("pending") + " < 0.01D THEN NULL ELSE true_value END AS label",
            "1.0D / (1.0D + exp(-((2.0D * clicked - 1.0D) * 1.5D / noise + "
                + normal("click_logit")
                + "))) AS click_prob",
            "transform(sequence(0, "
                + (CLASSES - 1)
                + "), c -> CAST(c = target_class AS DOUBLE) * 2.0D "
                + "/ noise + "
                + normal("logit", "c")
                + ") AS logits",
            "transform(sequence(0, "
                + (CLASSES - 1)
                + "), c -> CAST(c = target_class AS DOUBLE) * 3.0D "
                + "+ 0.5D * "
                + normal("teacher", "c")
                + ") AS teacher_logits",
            "abs("
                + normal("distance")
                + ") * noise + CASE WHEN same = 1 THEN 0.0D ELSE 1.2D END"
                + " AS distance");
    return scores.selectExpr(
        "id",
        "model_version",
        "country",
        "day",
        "prediction",
        "label",
        "click_prob",
        "clicked",
        "logits",
        "target_class",
        "transform(logits, x -> x - ln(aggregate(logits, 0.0D, (s, y) -> s + exp(y))))"
            + " AS log_probs",
        "transform(teacher_logits, x -> exp(x) / aggregate(teacher_logits, 0.0D, "
            + "(s, y) -> s + exp(y))) AS teacher_probs",
        "distance",
        "same");
  }

  /** A uniform double in (0, 1), never 0 or 1: 53 bits of xxhash64(id, salt, extra...). */
  private static String uniform(String salt, String... extra) {
    String args = "id, '" + salt + "'" + (extra.length == 0 ? "" : ", " + String.join(", ", extra));
    return "((shiftrightunsigned(xxhash64(" + args + "), 11) + 0.5D) * 1.1102230246251565E-16D)";
  }

  /** A standard normal value (Box-Muller over two uniforms). */
  private static String normal(String salt, String... extra) {
    return "(sqrt(-2.0D * ln("
        + uniform(salt + ".r", extra)
        + ")) * cos(2.0D * pi() * "
        + uniform(salt + ".a", extra)
        + "))";
  }

  /** A whole number in 1..n. */
  private static String pick(String salt, int n) {
    return "(CAST(floor(" + uniform(salt) + " * " + n + ") AS INT) + 1)";
  }
}
