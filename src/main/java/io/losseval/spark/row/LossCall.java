package io.losseval.spark.row;

import io.losseval.core.ArrayRowBatch;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDataException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossKernel;
import io.losseval.core.Reduction;
import io.losseval.core.RowBatch;
import io.losseval.core.Sample;
import io.losseval.core.Shape;
import io.losseval.core.interval.IntervalEstimator;
import io.losseval.core.interval.IntervalOptions;
import io.losseval.spark.LossDataError;
import io.losseval.spark.internal.ScalaSeqs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.CreateNamedStruct;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * One SQL call of a loss, resolved at analysis time: the bound kernel (and for an interval or a
 * comparison its {@link IntervalEstimator}), the reduction, and one {@link InputReader} per tensor
 * argument. Parses the SQL argument list {@code (tensors..., ['reduction'], [named_struct(...) |
 * map(...)])}; options and reduction must be constants and are read once here, never per row. The
 * one exception is the bucketing key of an interval or a comparison, {@code named_struct(...,
 * 'key', expression)}: an expression of the row, which becomes the call's last child ({@link
 * BucketKey}).
 */
final class LossCall implements Serializable {
  private static final long serialVersionUID = 1L;

  final String function;
  final LossKernel kernel; // the candidate's in a comparison
  final IntervalEstimator estimator; // intervals and comparisons only, else null
  final Reduction reduction; // null for the per-row ('none') function
  private final String trailingSql; // the reduction and options arguments as written
  private final InputReader[] readers;
  private final List<Expression> computed; // arguments that are not plain columns
  private final BucketKey key; // the bucketing key of a keyed interval or comparison, else null

  private LossCall(
      String function,
      LossKernel kernel,
      IntervalEstimator estimator,
      Reduction reduction,
      String trailingSql,
      InputReader[] readers,
      List<Expression> computed,
      BucketKey key) {
    this.function = function;
    this.kernel = kernel;
    this.estimator = estimator;
    this.reduction = reduction;
    this.trailingSql = trailingSql;
    this.readers = readers;
    this.computed = computed;
    this.key = key;
  }

  /** What {@link #parse} found: the call, and its children (the tensors, then any key). */
  record Parsed(LossCall call, List<Expression> children) {}

  /** Parses {@code args} for {@code definition} as a call of {@code form}. */
  static LossCall parse(LossDefinition definition, LossForm form, List<Expression> args) {
    return parseWithChildren(definition, form, args).call();
  }

  /** Parses {@code args}, and says which expressions are the call's children. */
  static Parsed parseWithChildren(LossDefinition definition, LossForm form, List<Expression> args) {
    String name = form.name(definition);
    int tensors = form.tensors(definition);
    int extra = args.size() - tensors;
    boolean perRow = !form.takesReduction();
    if (extra < 0 || extra > (perRow ? 1 : 2)) {
      throw new LossArgumentException(
          name
              + " takes "
              + tensors
              + " tensor arguments, "
              + (perRow
                  ? "then optional options"
                  : "then an optional reduction and optional options")
              + ", got "
              + args.size()
              + " arguments; usage: "
              + form.usage(definition));
    }
    Reduction reduction = perRow ? null : Reduction.MEAN;
    Map<String, Object> options = new LinkedHashMap<>();
    Expression keyChild = null;
    for (int k = tensors; k < args.size(); k++) {
      Expression e = args.get(k);
      boolean last = k == args.size() - 1;
      if (!perRow && k == tensors && e.dataType() instanceof StringType) {
        reduction = Reduction.parse(name, CallOptions.constant(name, "reduction", e).toString());
      } else if (last
          && form.bucketed()
          && e instanceof CreateNamedStruct struct
          && CallOptions.fieldNames(name, struct).contains(LossForm.KEY)) {
        keyChild = CallOptions.keyField(name, struct, options);
      } else if (last && (e.dataType() instanceof StructType || e.dataType() instanceof MapType)) {
        options = CallOptions.read(name, e);
        if (form.bucketed() && options.containsKey(LossForm.KEY)) {
          throw new LossArgumentException(
              name
                  + ": give the key in a named_struct(..., 'key', "
                  + "column), not in a map or a constant struct");
        }
      } else {
        throw new LossArgumentException(
            name
                + ": argument "
                + (k + 1)
                + " ("
                + e.sql()
                + ") must be "
                + (perRow || k > tensors
                    ? ""
                    : "a reduction string ('mean', 'sum', " + "'batchmean') or ")
                + "an options named_struct(...) or map(...); usage: "
                + form.usage(definition));
      }
    }
    List<Shape> shapes = new ArrayList<>();
    InputReader[] readers = new InputReader[tensors];
    List<String> argNames = form.tensorNames(definition);
    for (int a = 0; a < tensors; a++) {
      Expression e = args.get(a);
      shapes.add(InputReader.shapeOf(name, argNames.get(a), e.sql(), e.dataType()));
      readers[a] = InputReader.create(name, argNames.get(a), a, e.sql(), e);
    }
    LossKernel kernel;
    IntervalEstimator estimator = null;
    if (form.bucketed()) {
      IntervalOptions.Split split = IntervalOptions.split(name, definition.options(), options);
      int n = definition.arguments().size();
      kernel = bind(definition, split.lossOptions(), shapes, args, 0, n);
      estimator =
          form == LossForm.COMPARISON
              ? IntervalEstimator.comparison(
                  kernel,
                  bind(definition, split.lossOptions(), shapes, args, n, n),
                  reduction,
                  split.interval(),
                  keyChild != null)
              : IntervalEstimator.interval(kernel, reduction, split.interval(), keyChild != null);
    } else {
      kernel = bind(definition, options, shapes, args, 0, tensors);
    }
    StringBuilder trailing = new StringBuilder();
    for (Expression e : args.subList(tensors, args.size())) {
      trailing.append(", ").append(e.sql());
    }
    List<Expression> children = new ArrayList<>(args.subList(0, tensors));
    BucketKey key = null;
    if (keyChild != null) {
      key = BucketKey.create(name, tensors, keyChild);
      children.add(keyChild);
    }
    return new Parsed(
        new LossCall(
                name, kernel, estimator, reduction, trailing.toString(), readers, List.of(), key)
            .withChildren(children),
        children);
  }

  /**
   * Same call over new child expressions (Spark rebinds or canonicalises children): the tensors,
   * then the key of a keyed call.
   */
  LossCall withChildren(List<Expression> children) {
    InputReader[] r = new InputReader[readers.length];
    List<Expression> computed = new ArrayList<>();
    for (int a = 0; a < r.length; a++) {
      Expression child = children.get(a);
      r[a] = readers[a].withChild(child, InputReader.isColumn(child) ? -1 : computed.size());
      if (!InputReader.isColumn(child)) {
        computed.add(child);
      }
    }
    BucketKey k = null;
    if (key != null) {
      Expression child = children.get(r.length);
      k = key.withChild(child, InputReader.isColumn(child) ? -1 : computed.size());
      if (!InputReader.isColumn(child)) {
        computed.add(child);
      }
    }
    return new LossCall(function, kernel, estimator, reduction, trailingSql, r, computed, k);
  }

  /**
   * Whether {@code other} computes the same thing over the same children: same function and
   * reduction, and the same argument shapes and option values (the kernel's state layout holds
   * both, typed: a FLOAT 0.1 and a DOUBLE 0.1 are different margins), and for an interval or a
   * comparison the same baseline, bucket count and confidence. Spark's expression equality, and so
   * common-subexpression reuse and the cache, rest on this.
   */
  boolean sameCall(LossCall other) {
    return other.function.equals(function)
        && other.reduction == reduction
        && other.kernel.layout().equals(kernel.layout())
        && java.util.Objects.equals(other.estimator, estimator);
  }

  /** A hash consistent with {@link #sameCall}. */
  int callHash() {
    return java.util.Objects.hash(function, reduction, kernel.layout(), estimator);
  }

  /**
   * For one aggregate or expression instance (one task): a generated projection that computes, per
   * row, the arguments that are not plain columns ({@code prediction * 2}, a cast), rather than
   * interpreting them and boxing their values; null when every argument is a column.
   */
  UnsafeProjection newProjection() {
    return computed.isEmpty() ? null : UnsafeProjection.create(ScalaSeqs.toSeq(computed));
  }

  /** The call as SQL, as the user wrote it: names result columns and EXPLAIN output. */
  String sql(scala.collection.Seq<Expression> children) {
    StringBuilder b = new StringBuilder(function).append('(');
    List<Expression> list = ScalaSeqs.toList(children);
    for (int a = 0; a < readers.length; a++) { // a key is in the trailing options' SQL
      b.append(a == 0 ? "" : ", ").append(list.get(a).sql());
    }
    return b.append(trailingSql).append(')').toString();
  }

  /** A fresh row view for one aggregate instance (one task): {@link #read} fills it. */
  Sample newSample() {
    Sample sample = new Sample(readers.length);
    for (InputReader r : readers) {
      r.bind(sample);
    }
    return sample;
  }

  /**
   * Reads every tensor argument of {@code row}, computed ones through {@code projection} (from
   * {@link #newProjection}), and, for a keyed call, puts the key's hash in {@code keyHash[0]};
   * false if a tensor is NULL (the row is skipped). A NULL key on a row that is not skipped fails
   * with a {@link LossDataException} naming the key.
   */
  boolean read(InternalRow row, UnsafeProjection projection, Sample sample, long[] keyHash) {
    InternalRow projected = projection == null ? null : projection.apply(row);
    for (InputReader r : readers) {
      if (!r.read(row, projected, sample)) {
        return false;
      }
    }
    if (key != null) {
      keyHash[0] = key.hash(row, projected);
    }
    return true;
  }

  /**
   * The key's hash in {@code row}, where the key is a column of {@code row} (not computed); a NULL
   * key fails as in {@link #read}.
   */
  long keyHash(InternalRow row) {
    return key.hash(row, null);
  }

  /** Whether a key decides an interval's buckets. */
  boolean keyed() {
    return key != null;
  }

  /** A batch for rows of this call where the kernel adds scalar rows in batches, else null. */
  RowBatch newBatch() {
    return kernel.batchesScalarRows() ? new RowBatch(kernel, readers.length) : null;
  }

  /**
   * A batch for rows of this call where the kernel adds array rows in batches and every argument is
   * a number or an array (or a vector), else null.
   */
  ArrayRowBatch newArrayBatch() {
    if (!kernel.batchesArrayRows()) {
      return null;
    }
    boolean[] isArray = new boolean[readers.length];
    boolean any = false;
    for (int a = 0; a < readers.length; a++) {
      Shape shape = readers[a].shape();
      if (shape == Shape.MATRIX) {
        return null;
      }
      isArray[a] = shape == Shape.ARRAY;
      any |= isArray[a];
    }
    return any ? new ArrayRowBatch(kernel, isArray) : null;
  }

  /**
   * Reads every (number) argument of {@code row} into the batch's next row; false if any is NULL
   * (the row is skipped).
   */
  boolean read(InternalRow row, UnsafeProjection projection, RowBatch batch) {
    InternalRow projected = projection == null ? null : projection.apply(row);
    int i = batch.size();
    for (int a = 0; a < readers.length; a++) {
      if (!readers[a].readNumber(row, projected, batch.column(a), i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The kernel for the {@code count} tensor arguments from {@code from}; a mistake in one of them
   * names its column, as a data error does.
   */
  private static LossKernel bind(
      LossDefinition definition,
      Map<String, ?> options,
      List<Shape> shapes,
      List<Expression> args,
      int from,
      int count) {
    try {
      return definition.bind(options, shapes.subList(from, from + count));
    } catch (LossArgumentException e) {
      if (e.argument() < 0) {
        throw e;
      }
      throw new LossArgumentException(
          e.argument(), e.getMessage() + " [column: " + args.get(from + e.argument()).sql() + "]");
    }
  }

  /**
   * The data error a task reports: {@code e} with the column's SQL text added, so that users see
   * which column is at fault, as a {@link LossDataError} that Spark and PySpark raise cleanly.
   */
  LossDataError withColumn(LossDataException e, List<String> argumentSql) {
    if (e instanceof LossDataError located) {
      return located;
    }
    boolean known = e.argument() >= 0 && e.argument() < argumentSql.size();
    return new LossDataError(
        e, e.getMessage() + (known ? " [column: " + argumentSql.get(e.argument()) + "]" : ""));
  }
}
