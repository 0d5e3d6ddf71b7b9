package io.losseval.spark.row;

import io.losseval.core.LossDataException;
import io.losseval.core.Sample;
import io.losseval.spark.internal.NumberType;
import io.losseval.spark.internal.ScalaSeqs;
import io.losseval.spark.internal.TreeNodes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

/**
 * The per-row form of a loss ({@code <loss>_none}): PyTorch's {@code reduction='none'} value of
 * each row, a double for losses with one value per sample and for scalar rows, an array of doubles
 * for elementwise losses over array rows. NULL when any argument is NULL. Spark-internal API, one
 * source for Spark 3.5 to 4.2 (see {@link LossAggregate}).
 *
 * <p>Two kinds, chosen in one place ({@link #generates}): calls over number arguments with one
 * double per row run in Spark's generated code ({@link Generated}); every other call is evaluated
 * row by row ({@link Interpreted}, a {@link CodegenFallback}). Both give the same bits.
 */
abstract class LossRowExpression extends TreeNodes.ExpressionNode {
  private static final long serialVersionUID = 1L;

  final LossNode node;
  private transient RowReader reader; // made on the first row of this instance (one task)

  private LossRowExpression(LossNode node) {
    this.node = node;
  }

  /**
   * The per-row form of {@code call} over {@code children}, of the kind {@link #generates} says.
   */
  static LossRowExpression of(LossCall call, List<Expression> children, List<String> argumentSql) {
    return of(new LossNode(call, children, argumentSql));
  }

  private static LossRowExpression of(LossNode node) {
    return generates(node) ? new Generated(node) : new Interpreted(node);
  }

  /**
   * Whether a call runs in generated code: one double per row ({@code !perSampleIsArray()}) from
   * one to {@link NumberRowLoss#MAX_ARGUMENTS} arguments, every one a number. There the loss is a
   * few operations, so what the interpreted path adds costs more than the loss itself: Spark keeps
   * a whole stage out of whole-stage code generation for any {@link CodegenFallback} in it, builds
   * a row for it and boxes its double. Array and vector arguments (the kernel's work over the array
   * dominates, and the values must be copied out of Spark's arrays anyway), array results and wider
   * calls (none of the losses over numbers takes more than three) keep the interpreted path.
   */
  static boolean generates(LossNode node) {
    if (node.call.kernel.perSampleIsArray()
        || node.children.isEmpty()
        || node.children.size() > NumberRowLoss.MAX_ARGUMENTS) {
      return false;
    }
    for (Expression child : ScalaSeqs.toList(node.children)) {
      if (!NumberType.isNumber(child.dataType())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Object eval(InternalRow input) {
    if (reader == null) {
      reader = node.newReader(false);
    }
    if (!reader.read(input)) {
      return null;
    }
    Sample sample = reader.sample();
    try {
      if (node.call.kernel.perSampleIsArray()) {
        return UnsafeArrayData.fromPrimitiveArray(node.call.kernel.perSampleArray(sample));
      }
      return node.call.kernel.perSample(sample);
    } catch (LossDataException e) {
      throw node.located(e);
    }
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public boolean deterministic() {
    return true;
  }

  @Override
  public DataType dataType() {
    return node.call.kernel.perSampleIsArray()
        ? DataTypes.createArrayType(DataTypes.DoubleType, false)
        : DataTypes.DoubleType;
  }

  @Override
  public Seq<Expression> children() {
    return node.children;
  }

  @Override
  protected Expression withChildren(List<Expression> newChildren) {
    return of(node.withChildren(newChildren));
  }

  @Override
  public String sql() {
    return node.sql();
  }

  @Override
  public String prettyName() {
    return node.name();
  }

  @Override
  public String nodeName() {
    return node.name();
  }

  @Override
  public int productArity() {
    return node.productArity();
  }

  @Override
  public Object productElement(int n) {
    return node.productElement(n);
  }

  @Override
  public boolean canEqual(Object that) {
    return that instanceof LossRowExpression;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossRowExpression r && r.node.equals(node);
  }

  @Override
  public int hashCode() {
    return node.hashCode();
  }

  /** A call evaluated row by row: Spark's generated code calls {@link #eval} with the row. */
  static final class Interpreted extends LossRowExpression implements CodegenFallback {
    private static final long serialVersionUID = 1L;

    Interpreted(LossNode node) {
      super(node);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
      return CodegenFallback.super.doGenCode(ctx, ev);
    }
  }

  /**
   * A call over number arguments in generated code: Spark's own code evaluates the arguments, each
   * is converted to a double as the interpreted path converts it ({@link NumberType#javaToDouble}),
   * and {@link NumberRowLoss#value} gives the loss; NULL if any argument is NULL. Without code
   * generation ({@code spark.sql.codegen.factoryMode=NO_CODEGEN}) Spark calls {@link #eval}.
   */
  static final class Generated extends LossRowExpression {
    private static final long serialVersionUID = 1L;

    Generated(LossNode node) {
      super(node);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
      String loss =
          ctx.addReferenceObj("lossNone", new NumberRowLoss(node), NumberRowLoss.class.getName());
      // The sample is mutable: a field of the generated object, made when it is (one per task),
      // never shared through the reference object, which tasks of a local session share.
      String sample =
          ctx.addMutableState(
              Sample.class.getName(),
              "lossSample",
              v -> v + " = " + loss + ".newSample();",
              true,
              true);
      StringBuilder code = new StringBuilder();
      StringBuilder isNull = new StringBuilder("false");
      List<String> values = new ArrayList<>();
      for (Expression child : ScalaSeqs.toList(node.children)) {
        ExprCode c = child.genCode(ctx);
        code.append(c.code()).append('\n');
        isNull.append(" || ").append(c.isNull());
        values.add(NumberType.of(child.dataType()).javaToDouble(c.value().toString()));
      }
      code.append("boolean ").append(ev.isNull()).append(" = ").append(isNull).append(";\n");
      code.append("double ").append(ev.value()).append(" = 0.0;\n");
      code.append("if (!").append(ev.isNull()).append(") {\n");
      code.append("  ").append(ev.value()).append(" = ").append(loss).append(".value(");
      code.append(sample).append(", ").append(String.join(", ", values)).append(");\n}\n");
      return ev.copy(
          new CodeBlock(ScalaSeqs.toSeq(List.of(code.toString())), ScalaSeqs.toSeq(List.of())),
          ev.isNull(),
          ev.value());
    }
  }
}
