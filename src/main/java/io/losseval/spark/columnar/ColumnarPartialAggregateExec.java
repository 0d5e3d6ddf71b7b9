package io.losseval.spark.columnar;

import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.spark.internal.TreeNodes;
import java.util.List;
import java.util.Objects;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.physical.Partitioning;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The partial aggregate of loss functions (and counts) over a columnar child: it reads {@code
 * child.executeColumnar()} batch by batch and emits the rows Spark's partial {@code
 * ObjectHashAggregate} would (grouping keys, then each function's partial buffer: a loss state's
 * bytes, a count), so that the shuffle and Spark's own final aggregate are unchanged and columnar
 * and row partials mix freely. Put in place by {@link ColumnarAggregateRule}; EXPLAIN shows it as
 * {@value #NAME}.
 */
public final class ColumnarPartialAggregateExec extends TreeNodes.PlanNode {
  private static final long serialVersionUID = 1L;

  /** The operator's name in EXPLAIN and the Spark UI. */
  public static final String NAME = "LossColumnarPartialAggregate";

  private final ColumnarAggregation aggregation;
  private final List<? extends Expression> keys; // for EXPLAIN
  private final List<? extends Expression> functions; // for EXPLAIN
  private final String inputDescription;
  private final scala.collection.immutable.Seq<Attribute> output;
  private final Partitioning partitioning;
  private final SparkPlan child;
  private transient scala.collection.immutable.Map<String, SQLMetric> metrics;

  ColumnarPartialAggregateExec(
      ColumnarAggregation aggregation,
      List<? extends Expression> keys,
      List<? extends Expression> functions,
      String inputDescription,
      scala.collection.immutable.Seq<Attribute> output,
      Partitioning partitioning,
      SparkPlan child) {
    this.aggregation = aggregation;
    this.keys = List.copyOf(keys);
    this.functions = List.copyOf(functions);
    this.inputDescription = inputDescription;
    this.output = output;
    this.partitioning = partitioning;
    this.child = child;
  }

  /** The columnar plan whose batches are aggregated. */
  public SparkPlan child() {
    return child;
  }

  @Override
  public scala.collection.immutable.Seq<Attribute> output() {
    return output;
  }

  @Override
  public scala.collection.immutable.Seq<SparkPlan> children() {
    return ScalaSeqs.toSeq(List.of(child));
  }

  /** The partitioning of the partial aggregate it replaces: the same rows in each partition. */
  @Override
  public Partitioning outputPartitioning() {
    return partitioning;
  }

  @Override
  public scala.collection.immutable.Map<String, SQLMetric> metrics() {
    if (metrics == null) {
      metrics =
          new scala.collection.immutable.Map.Map2<>(
              "numOutputRows",
              SQLMetrics.createMetric(sparkContext(), "number of output rows"),
              "numEarlyEmits",
              SQLMetrics.createMetric(sparkContext(), "number of early emits (group limit)"));
    }
    return metrics;
  }

  @Override
  public RDD<InternalRow> doExecute() {
    ColumnarAggregation task = aggregation;
    SQLMetric outputRows = longMetric("numOutputRows");
    SQLMetric earlyEmits = longMetric("numEarlyEmits");
    RDD<ColumnarBatch> batches = child.executeColumnar();
    return batches
        .toJavaRDD()
        .mapPartitions(it -> task.run(it, outputRows, earlyEmits), false)
        .rdd();
  }

  ColumnarPartialAggregateExec withChild(SparkPlan newChild) {
    return new ColumnarPartialAggregateExec(
        aggregation, keys, functions, inputDescription, output, partitioning, newChild);
  }

  /**
   * A new node over the canonical child (Spark's default would copy this node by reflection on a
   * constructor of its product elements, which it does not have). Expressions keep their ids, so
   * two such plans are equal only when built from the same query.
   */
  @Override
  public SparkPlan doCanonicalize() {
    return withChild(child.canonicalized());
  }

  @Override
  protected SparkPlan withChildren(List<SparkPlan> newChildren) {
    return withChild(newChildren.get(0));
  }

  @Override
  public String nodeName() {
    return NAME;
  }

  @Override
  public String simpleString(int maxFields) {
    return NAME
        + "(keys="
        + keys.stream().map(Expression::toString).toList()
        + ", functions="
        + functions.stream().map(Expression::toString).toList()
        + inputDescription
        + ")";
  }

  @Override
  public String verboseString(int maxFields) {
    return simpleString(maxFields);
  }

  @Override
  public int productArity() {
    return 1;
  }

  @Override
  public Object productElement(int n) {
    if (n != 0) {
      throw new IndexOutOfBoundsException(Integer.toString(n));
    }
    return child;
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof ColumnarPartialAggregateExec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnarPartialAggregateExec e
        && e.keys.equals(keys)
        && e.functions.equals(functions)
        && e.inputDescription.equals(inputDescription)
        && e.output.equals(output)
        && e.child.equals(child);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keys, functions, inputDescription, output, child);
  }
}
