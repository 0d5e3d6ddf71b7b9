package io.losseval.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same rows give the same bits on 1, 3 and 64 partitions, in any row order, grouped or not,
 * including data built to defeat naive summation (1e16, 1, -1e16 in arbitrary order).
 */
class PartitioningTest {
  private static final String QUERY = "SELECT g, "
      + "mse_loss(p, y), mse_loss(p, y, 'sum'), mse_loss(p, y, 'batchmean'), "
      + "mse_loss(arr, tarr), kl_div(p, y, 'sum'), hinge_embedding_loss(p, y, 'sum'), "
      + "cross_entropy(logits, label, 'mean', named_struct('weight', array(1.0D, 3.0D, 0.5D))), "
      + "cross_entropy(logits, label, 'sum', named_struct('label_smoothing', 0.2D)) "
      + "FROM %s GROUP BY g ORDER BY g";
  private static final String GLOBAL = "SELECT mse_loss(p, y, 'sum'), kl_div(p, y, 'sum'), "
      + "cross_entropy(logits, label, 'sum') FROM %s";
  private static Dataset<Row> data;

  @BeforeAll
  static void buildData() {
    SparkSession spark = SharedSpark.get();
    StructType schema = new StructType()
        .add("g", DataTypes.IntegerType)
        .add("p", DataTypes.DoubleType)
        .add("y", DataTypes.DoubleType)
        .add("arr", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("tarr", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("logits", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("label", DataTypes.IntegerType);
    Random rnd = new Random(42);
    double[] adversarial = {1e16, 1.0, -1e16, 3e-17, 1e100, -1e100, 0.1, 0.2, 0.3};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      double p = i % 5 == 0 ? adversarial[rnd.nextInt(adversarial.length)]
          : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6);
      double y = rnd.nextDouble();
      double scale = i % 7 == 0 ? 1e8 : 1.0;
      rows.add(RowFactory.create(i % 13, p, y,
          List.of(rnd.nextGaussian() * scale, rnd.nextGaussian(), rnd.nextGaussian() * 1e-8),
          List.of(rnd.nextGaussian(), rnd.nextGaussian() * scale, rnd.nextGaussian()),
          List.of(rnd.nextGaussian() * 1e3, rnd.nextGaussian(), rnd.nextGaussian() * 50),
          rnd.nextInt(3)));
    }
    data = spark.createDataFrame(rows, schema).cache();
    data.count();
  }

  private static List<Row> run(String query, Dataset<Row> df) {
    String view = "partitioning_" + System.nanoTime();
    df.createOrReplaceTempView(view);
    return SharedSpark.get().sql(String.format(query, view)).collectAsList();
  }

  private static List<List<Long>> bits(List<Row> rows) {
    List<List<Long>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Long> b = new ArrayList<>();
      for (int c = 0; c < r.size(); c++) {
        b.add(r.isNullAt(c) ? null : r.get(c) instanceof Double d
            ? Double.doubleToLongBits(d) : ((Number) r.get(c)).longValue());
      }
      out.add(b);
    }
    return out;
  }

  @Test
  void groupedResultsAreBitIdenticalForAnyPartitioningAndOrder() {
    List<List<Long>> reference = bits(run(QUERY, data.coalesce(1)));
    assertEquals(13, reference.size());
    for (int partitions : new int[] {3, 64}) {
      assertEquals(reference, bits(run(QUERY, data.repartition(partitions))),
          partitions + " partitions");
    }
    Dataset<Row> shuffled = data.orderBy(functions.rand(7)).repartition(64);
    assertEquals(reference, bits(run(QUERY, shuffled)), "shuffled rows on 64 partitions");
  }

  @Test
  void globalResultsAreBitIdenticalForAnyPartitioningAndOrder() {
    List<List<Long>> reference = bits(run(GLOBAL, data.coalesce(1)));
    for (int partitions : new int[] {3, 64}) {
      assertEquals(reference, bits(run(GLOBAL, data.repartition(partitions))),
          partitions + " partitions");
    }
    assertEquals(reference, bits(run(GLOBAL, data.orderBy(functions.rand(11)).repartition(3))),
        "shuffled rows on 3 partitions");
  }

  @Test
  void naiveSummationWouldDependOnPartitioning() {
    // Control: Spark's own sum over the same rows is not partition-independent on this data, so
    // the test data really does exercise what exactness protects against.
    String naive = "SELECT sum(y * p) FROM %s";
    List<Long> sums = new ArrayList<>();
    for (Dataset<Row> df : List.of(data.coalesce(1), data.repartition(3), data.repartition(64),
        data.orderBy(functions.rand(3)).repartition(64))) {
      sums.add(Double.doubleToLongBits(run(naive, df).get(0).getDouble(0)));
    }
    assertNotEquals(1, sums.stream().distinct().count(), "naive sums all agreed: " + sums);
  }
}
