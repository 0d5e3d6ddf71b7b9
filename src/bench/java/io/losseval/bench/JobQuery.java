package io.losseval.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The batch job's one-pass query over its sample data ({@code io.losseval.job.SampleData}), as
 * {@code EvaluationQuery} builds it for the example configuration (conf/example.conf: five losses,
 * slices overall, model_version, model_version + country), and the same evaluations written as
 * native SQL with {@code GROUP BY GROUPING SETS}: what a user would write without this project.
 * Both read {@code {input}} and give the same columns.
 */
final class JobQuery {
  private JobQuery() {}

  /** The loss columns both queries give. */
  static final List<String> RESULTS =
      List.of("val_bce", "val_ce", "val_hinge", "val_kl", "val_mse");

  private static final int CLASSES = 4; // SampleData.CLASSES
  private static final String SLICES =
      " GROUP BY GROUPING SETS ((), (model_version), (model_version, country))";

  /** The job's query: this project's loss functions, counts of the rows each one adds. */
  static String lossSql() {
    return query(
        List.of(
            "binary_cross_entropy(click_prob, clicked) AS val_bce",
            "cross_entropy(logits, target_class, 'mean', named_struct('label_smoothing', 0.05D))"
                + " AS val_ce",
            "hinge_embedding_loss(distance, same, 'mean', named_struct('margin', 1.0D))"
                + " AS val_hinge",
            "kl_div(log_probs, teacher_probs, 'batchmean') AS val_kl",
            "mse_loss(prediction, label) AS val_mse"));
  }

  /** The same evaluations as native SQL expressions (PyTorch's formulas written out). */
  static String nativeSql() {
    StringBuilder sumExp = new StringBuilder();
    StringBuilder sumLogits = new StringBuilder();
    StringBuilder kl = new StringBuilder();
    for (int c = 0; c < CLASSES; c++) {
      String plus = c == 0 ? "" : " + ";
      sumExp.append(plus).append("exp(logits[").append(c).append("] - array_max(logits))");
      sumLogits.append(plus).append("logits[").append(c).append(']');
      kl.append(plus)
          .append("teacher_probs[")
          .append(c)
          .append("] * (ln(teacher_probs[")
          .append(c)
          .append("]) - log_probs[")
          .append(c)
          .append("])");
    }
    String lse = "(array_max(logits) + ln(" + sumExp + "))";
    // label smoothing e over C classes: (1 - e)(lse - x[y]) + e lse - (e / C) sum_c x[c]
    String ce =
        "0.95D * ("
            + lse
            + " - logits[target_class]) + 0.05D * "
            + lse
            + " - (0.05D / "
            + CLASSES
            + ") * ("
            + sumLogits
            + ")";
    return query(
        List.of(
            "avg(-(clicked * greatest(ln(click_prob), -100D) + (1D - clicked) * "
                + "greatest(ln(1D - click_prob), -100D))) AS val_bce",
            "avg(" + ce + ") AS val_ce",
            "avg(CASE WHEN same = 1 THEN distance ELSE greatest(0D, 1D - distance) END) AS val_hinge",
            "sum("
                + kl
                + ") / count(CASE WHEN log_probs IS NOT NULL AND teacher_probs IS NOT NULL "
                + "THEN 1 END) AS val_kl",
            "avg(pow(prediction - label, 2)) AS val_mse"));
  }

  /** The job's query shape: slice name and order, row count, per result its value and rows. */
  private static String query(List<String> results) {
    List<String> select = new ArrayList<>();
    select.add("model_version");
    select.add("country");
    select.add(
        "CASE grouping_id() WHEN 3 THEN 'overall' WHEN 1 THEN 'model_version' "
            + "WHEN 0 THEN 'model_version,country' END AS slice");
    select.add("CASE grouping_id() WHEN 3 THEN 0 WHEN 1 THEN 1 WHEN 0 THEN 2 END AS slice_order");
    select.add("count(1) AS rows");
    String[][] columns = {
      {"click_prob", "clicked"},
      {"logits", "target_class"},
      {"distance", "same"},
      {"log_probs", "teacher_probs"},
      {"prediction", "label"}
    };
    for (int r = 0; r < results.size(); r++) {
      select.add(results.get(r));
      select.add(
          "count(CASE WHEN "
              + columns[r][0]
              + " IS NOT NULL AND "
              + columns[r][1]
              + " IS NOT NULL THEN 1 END) AS "
              + RESULTS.get(r)
              + "_rows");
    }
    return "SELECT " + String.join(", ", select) + " FROM {input}" + SLICES;
  }
}
