package io.losseval.ml;

import io.losseval.PublicApi;
import io.losseval.core.LossArgumentException;
import io.losseval.core.LossDefinition;
import io.losseval.core.LossOptions;
import io.losseval.core.OptionSpec;
import io.losseval.core.Reduction;
import io.losseval.core.loss.LossCatalog;
import io.losseval.spark.LossColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * An MLlib {@link Evaluator} for any of the project's losses, for {@code CrossValidator} and {@code
 * TrainValidationSplit}: {@link #evaluate} is the loss over the dataset, smaller is better.
 *
 * <p>Params: {@code loss} (the SQL name, required), {@code reduction} ('mean' by default, as every
 * loss's own default), the tensor columns in the SQL function's argument order ({@code inputCols};
 * for a two-argument loss {@code predictionCol} and {@code labelCol}, by default {@code prediction}
 * and {@code label}, are used when {@code inputCols} is not set), the loss's options under their
 * SQL (PyTorch) names with the SQL types and checks ({@code label_smoothing}, {@code ignore_index},
 * {@code weight}, ...; a wrong name or value is refused when set, with the message SQL gives), and
 * an optional {@code weightCol}.
 *
 * <p>Without {@code weightCol}, {@code evaluate} runs {@code SELECT <loss>(<columns>, <reduction>,
 * <options>)} through {@link LossColumns}: the same aggregate, the same bits, the same (columnar)
 * plan as SQL. With {@code weightCol} it is the weighted reduction of {@link WeightedLosses}: exact
 * sums of {@code w · l} over PyTorch's per-row values {@code l}, rounded once. Rows where a tensor
 * column or the weight is NULL are skipped; a dataset with no rows evaluates to NaN (SQL's NULL),
 * as does PyTorch's 'mean' over nothing.
 *
 * <p>Stateless and thread-safe (CrossValidator evaluates folds on several threads); persisted by
 * {@link #write()} and {@link #read()}, so a {@code CrossValidatorModel} holding it saves and
 * loads. Registered for Spark Connect's ML (META-INF/services), which builds it through the {@code
 * (String uid)} constructor and sets its params by name.
 */
@PublicApi
public final class LossEvaluator extends Evaluator implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> loss;
  private final Param<String> reduction;
  private final StringArrayParam inputCols;
  private final Param<String> predictionCol;
  private final Param<String> labelCol;
  private final Param<String> weightCol;

  /** The loss options, by SQL name: one param per option name any loss of the catalog takes. */
  private final Map<String, Param<?>> options = new TreeMap<>();

  private final Param<?>[] allParams;

  /** A new evaluator with a random uid; {@code loss} must be set before evaluating. */
  public LossEvaluator() {
    this(Identifiable$.MODULE$.randomUID("lossEval"));
  }

  /** A new evaluator with the given uid (how loading and Spark Connect build it). */
  public LossEvaluator(String uid) {
    this.uid = uid;
    loss =
        new Param<>(
            this,
            "loss",
            "the loss, by its SQL name (e.g. cross_entropy, mse_loss)",
            OptionParams.check(this::checkLoss));
    reduction =
        new Param<>(
            this,
            "reduction",
            "'mean' (default), 'sum' or 'batchmean'",
            OptionParams.check(this::checkReduction));
    inputCols =
        new StringArrayParam(
            this,
            "inputCols",
            "the tensor columns in the SQL function's argument order; when unset, a two-argument loss "
                + "takes predictionCol and labelCol",
            OptionParams.check(this::checkInputCols));
    predictionCol =
        new Param<>(
            this,
            "predictionCol",
            "the first column of a two-argument loss when inputCols is unset");
    labelCol =
        new Param<>(
            this,
            "labelCol",
            "the second column (the target) of a two-argument loss when inputCols is unset");
    weightCol =
        new Param<>(
            this,
            "weightCol",
            "a column of per-row weights (finite, >= 0); unset: every row weighs 1");
    for (Map.Entry<String, List<OptionSpec>> e : OptionParams.specsByName().entrySet()) {
      String name = e.getKey();
      options.put(name, OptionParams.param(this, name, e.getValue(), v -> checkOption(name, v)));
    }
    List<Param<?>> all =
        new ArrayList<>(List.of(loss, reduction, inputCols, predictionCol, labelCol, weightCol));
    all.addAll(options.values());
    all.sort(Comparator.comparing(Param::name));
    allParams = all.toArray(new Param<?>[0]);
    setDefault(reduction, Reduction.MEAN.sqlName());
    setDefault(predictionCol, "prediction");
    setDefault(labelCol, "label");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Every param, the loss options included, sorted by name (as Spark lists a class's params). */
  @Override
  public Param<?>[] params() {
    return allParams.clone();
  }

  // ---- params --------------------------------------------------------------------------------

  /** The loss: its SQL name, as {@code io.losseval.core.loss.LossCatalog} lists it. */
  public Param<String> loss() {
    return loss;
  }

  /** The reduction: 'mean' (the default), 'sum' or 'batchmean', as in SQL. */
  public Param<String> reduction() {
    return reduction;
  }

  /** The tensor columns in the SQL function's argument order; unset: prediction and label. */
  public StringArrayParam inputCols() {
    return inputCols;
  }

  /** A two-argument loss's first column when inputCols is unset ("prediction" by default). */
  public Param<String> predictionCol() {
    return predictionCol;
  }

  /** A two-argument loss's target column when inputCols is unset ("label" by default). */
  public Param<String> labelCol() {
    return labelCol;
  }

  /**
   * The column of per-row weights (finite, >= 0; a NULL weight skips its row); unset, every row
   * weighs 1 and evaluation is the SQL aggregate.
   */
  public Param<String> weightCol() {
    return weightCol;
  }

  /** The param of loss option {@code name}; fails naming every option name there is. */
  public Param<?> option(String name) {
    Param<?> p = options.get(name);
    if (p == null) {
      throw new LossArgumentException(
          "LossEvaluator: no loss takes an option '"
              + name
              + "'; options: "
              + String.join(", ", options.keySet()));
    }
    return p;
  }

  public LossEvaluator setLoss(String value) {
    set(loss, value);
    return this;
  }

  public String getLoss() {
    return $(loss);
  }

  public LossEvaluator setReduction(String value) {
    set(reduction, value);
    return this;
  }

  public String getReduction() {
    return $(reduction);
  }

  public LossEvaluator setInputCols(String... value) {
    set(inputCols, value);
    return this;
  }

  public LossEvaluator setPredictionCol(String value) {
    set(predictionCol, value);
    return this;
  }

  public LossEvaluator setLabelCol(String value) {
    set(labelCol, value);
    return this;
  }

  public LossEvaluator setWeightCol(String value) {
    set(weightCol, value);
    return this;
  }

  /**
   * Sets loss option {@code name} (PyTorch's name) to {@code value}: a number, a boolean, a string
   * or an array of numbers, as in SQL. An option no loss takes, or a value the loss (or, while
   * {@code loss} is unset, every loss taking the option) refuses, fails with SQL's message.
   */
  @SuppressWarnings("unchecked")
  public LossEvaluator setOption(String name, Object value) {
    Param<?> p = option(name);
    Object typed = OptionParams.typed(p, name, value);
    // The loss's check first, so that a wrong type gets SQL's message rather than a cast error.
    checkOption(name, typed);
    set((Param<Object>) p, typed);
    return this;
  }

  /** The loss options set on this evaluator (name to value), in name order. */
  public Map<String, Object> getOptions() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Param<?>> e : options.entrySet()) {
      if (isSet(e.getValue())) {
        out.put(e.getKey(), $(e.getValue()));
      }
    }
    return out;
  }

  // ---- Evaluator -----------------------------------------------------------------------------

  /** Smaller losses are better: false. */
  @Override
  public boolean isLargerBetter() {
    return false;
  }

  /** The loss's SQL name. */
  public String getMetricName() {
    return definition().name();
  }

  /**
   * The loss over {@code dataset}: the value {@code SELECT <loss>(...)} gives (with {@code
   * weightCol}, the weighted reduction); NaN where SQL gives NULL (no rows).
   */
  @Override
  public double evaluate(Dataset<?> dataset) {
    return evaluateAll(dataset, this).values().iterator().next();
  }

  /**
   * This evaluator's settings with each of {@code losses} in turn, in one pass over {@code
   * dataset}: loss name to value. Options this evaluator sets must suit every loss.
   */
  public Map<String, Double> evaluateAll(Dataset<?> dataset, String... losses) {
    LossEvaluator[] each = new LossEvaluator[losses.length];
    for (int k = 0; k < losses.length; k++) {
      each[k] = copy(ParamMap.empty()).setLoss(losses[k]);
    }
    return evaluateAll(dataset, each);
  }

  /**
   * Several evaluators over {@code dataset} at once, metric name ({@link #getMetricName}) to value,
   * in the evaluators' order: one aggregate query for those without {@code weightCol}, one pass for
   * those with it. Two evaluators of the same loss are refused (their values would share a name).
   */
  public static Map<String, Double> evaluateAll(Dataset<?> dataset, LossEvaluator... evaluators) {
    return Evaluations.evaluateAll(dataset, evaluators);
  }

  /**
   * The one-row query {@link #evaluate} runs without {@code weightCol}: {@code SELECT <loss>(...)}
   * over {@code dataset}, one column named by the loss (to inspect its plan, or to combine).
   */
  public Dataset<Row> lossQuery(Dataset<?> dataset) {
    if (isDefined(weightCol)) {
      throw new LossArgumentException(
          "LossEvaluator("
              + getLoss()
              + "): a weighted evaluation "
              + "is not one SQL aggregate; lossQuery is for evaluators without weightCol");
    }
    return Evaluations.query(dataset, List.of(this));
  }

  @Override
  public LossEvaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  // ---- persistence ---------------------------------------------------------------------------

  /** A reader of saved evaluators (what {@code CrossValidatorModel.load} calls by reflection). */
  public static MLReader<LossEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an evaluator saved with {@code write().save(path)}. */
  public static LossEvaluator load(String path) {
    return read().load(path);
  }

  // ---- what evaluation needs -----------------------------------------------------------------

  /** The loss's definition; fails when {@code loss} is unset. */
  LossDefinition definition() {
    return Evaluations.definition(isDefined(loss) ? getLoss() : null);
  }

  Reduction reductionValue() {
    return Reduction.parse(getLoss(), getReduction());
  }

  /** The parsed options (SQL's checks, defaults filled in). */
  LossOptions parsedOptions() {
    LossDefinition d = definition();
    return LossOptions.parse(d.name(), d.options(), getOptions());
  }

  /** The tensor column names in argument order. */
  List<String> tensorColumnNames() {
    return Evaluations.tensorColumnNames(
        definition(), isDefined(inputCols) ? $(inputCols) : null, $(predictionCol), $(labelCol));
  }

  Column[] tensorColumns() {
    return tensorColumnNames().stream().map(functions::col).toArray(Column[]::new);
  }

  String weightColumnName() {
    return $(weightCol);
  }

  /** Whether {@code weightCol} is set: evaluation is then the weighted reduction. */
  boolean weighted() {
    return isDefined(weightCol);
  }

  // ---- checks when a param is set ------------------------------------------------------------

  private boolean checkLoss(String name) {
    LossDefinition d = LossCatalog.get(name);
    LossOptions.parse(d.name(), d.options(), getOptions());
    if (isDefined(inputCols) && $(inputCols).length != d.arguments().size()) {
      throw Evaluations.inputColsCount(d, $(inputCols).length);
    }
    return true;
  }

  private boolean checkReduction(String text) {
    Reduction.parse(isDefined(loss) ? getLoss() : "LossEvaluator", text);
    return true;
  }

  private boolean checkInputCols(String[] names) {
    if (isDefined(loss) && names.length != definition().arguments().size()) {
      throw Evaluations.inputColsCount(definition(), names.length);
    }
    return true;
  }

  /** Whether option {@code name} may be {@code value}, given the loss and options set so far. */
  private boolean checkOption(String name, Object value) {
    return OptionParams.accepts(isDefined(loss) ? getLoss() : null, getOptions(), name, value);
  }

  @Override
  public String toString() {
    return OptionParams.describe(
        "LossEvaluator: uid=" + uid + ", loss=" + (isDefined(loss) ? getLoss() : "(unset)"),
        getReduction(),
        getOptions());
  }
}
