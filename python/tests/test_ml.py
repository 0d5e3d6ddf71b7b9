"""losseval.ml.LossEvaluator on real PySpark, classic and Spark Connect: model selection with
CrossValidator picks the model MLlib's log loss picks, with the same fold averages; a
CrossValidatorModel holding the evaluator saves and loads; wrong params fail in Python with the
messages of losseval.functions."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder
from pyspark.sql import DataFrame, SparkSession

from losseval import OptionValueError, UnknownLossError, UnknownOptionError
from losseval import functions as L
from losseval.ml import LossEvaluator


def bits(x: float) -> bytes:
    return struct.pack(">d", x)


@pytest.fixture(scope="module")
def classes(spark: SparkSession) -> DataFrame:
    """Three overlapping classes in two features, in one partition (MLlib's fits are then
    deterministic, so both evaluators see the same models)."""
    raw = spark.range(0, 450, 1, 1).selectExpr(
        "CAST(id % 3 AS DOUBLE) AS label", "(id % 3) * 0.8D + randn(41) AS f1",
        "(id % 3) * -0.5D + randn(42) AS f2")
    return VectorAssembler(inputCols=["f1", "f2"], outputCol="features").transform(raw) \
        .select("label", "features").cache()


def cross_validator(evaluator) -> CrossValidator:
    lr = LogisticRegression(maxIter=20)
    grid = ParamGridBuilder().addGrid(lr.regParam, [0.0, 0.1, 3.0]).build()
    return CrossValidator(estimator=lr, estimatorParamMaps=grid, evaluator=evaluator,
                          numFolds=3, seed=5)


def ce_on_logits(**options) -> LossEvaluator:
    return LossEvaluator(loss="cross_entropy", inputCols=["rawPrediction", "label"], **options)


def test_cross_validator_picks_the_log_loss_model(classes: DataFrame) -> None:
    mllib = cross_validator(MulticlassClassificationEvaluator(metricName="logLoss")).fit(classes)
    ours = cross_validator(ce_on_logits()).fit(classes)
    assert ours.bestModel.getRegParam() == mllib.bestModel.getRegParam()
    for theirs, mine in zip(mllib.avgMetrics, ours.avgMetrics, strict=True):
        assert abs(theirs - mine) <= 1e-9, (mllib.avgMetrics, ours.avgMetrics)
    assert min(ours.avgMetrics) == ours.avgMetrics[[0.0, 0.1, 3.0].index(
        ours.bestModel.getRegParam())]


def test_evaluate_gives_the_sql_aggregates_bits(spark: SparkSession, classes: DataFrame) -> None:
    scored = LogisticRegression(maxIter=10).fit(classes).transform(classes)
    ours = ce_on_logits(label_smoothing=0.1, reduction="sum").evaluate(scored)
    sql = scored.agg(L.cross_entropy("rawPrediction", "label", reduction="sum",
                                     label_smoothing=0.1)).first()[0]
    assert bits(ours) == bits(sql)
    mse = LossEvaluator(loss="mse_loss")  # prediction and label, Spark ML's columns
    assert bits(mse.evaluate(scored)) == bits(scored.agg(L.mse_loss("prediction", "label"))
                                              .first()[0])
    weighted = LossEvaluator(loss="mse_loss", weightCol="label").evaluate(scored)
    rows = scored.select("prediction", "label").collect()
    by_hand = sum(r.label * (r.prediction - r.label) ** 2 for r in rows) / sum(
        r.label for r in rows)
    assert weighted == pytest.approx(by_hand, rel=1e-12)
    assert not ce_on_logits().isLargerBetter()


def test_a_cross_validator_model_saves_and_loads(classes: DataFrame, tmp_path: Path) -> None:
    evaluator = ce_on_logits(weight=[1.0, 2.0, 0.5], ignore_index=2, reduction="sum")
    model = cross_validator(evaluator).fit(classes)
    path = str(tmp_path / "cv")
    model.save(path)
    loaded = CrossValidatorModel.load(path)
    back = loaded.getEvaluator()
    assert isinstance(back, LossEvaluator)
    assert back.uid == evaluator.uid
    assert back.getLoss() == "cross_entropy"
    assert back.getReduction() == "sum"
    assert back.getOptions() == {"ignore_index": 2, "weight": [1.0, 2.0, 0.5]}
    assert back.getOrDefault(back.inputCols) == ["rawPrediction", "label"]
    assert loaded.avgMetrics == model.avgMetrics
    scored = loaded.transform(classes)
    assert bits(back.evaluate(scored)) == bits(evaluator.evaluate(scored))
    # the evaluator alone
    evaluator.save(str(tmp_path / "evaluator"))
    assert LossEvaluator.load(str(tmp_path / "evaluator")).getOptions() == back.getOptions()


def test_wrong_params_fail_in_python_with_the_functions_messages() -> None:
    with pytest.raises(UnknownOptionError) as misspelled:
        LossEvaluator(loss="cross_entropy", label_smothing=0.1)
    assert "LossEvaluator: unknown parameter 'label_smothing'" in str(misspelled.value)
    assert "did you mean 'label_smoothing'?" in str(misspelled.value)
    with pytest.raises(UnknownOptionError) as other_loss:
        LossEvaluator(loss="cross_entropy", margin=1.0)
    with pytest.raises(UnknownOptionError) as by_function:
        L.cross_entropy("x", "y", margin=1.0)
    assert str(other_loss.value).startswith("cross_entropy: unknown option 'margin'; allowed: "
                                            "reduction, weight, ignore_index, label_smoothing")
    assert str(other_loss.value) == str(by_function.value)
    with pytest.raises(OptionValueError) as out_of_range:
        ce_on_logits(label_smoothing=1.5)
    with pytest.raises(OptionValueError) as by_function_range:
        L.cross_entropy("x", "y", label_smoothing=1.5)
    assert str(out_of_range.value) == str(by_function_range.value)
    with pytest.raises(UnknownLossError, match="did you mean 'cross_entropy'"):
        LossEvaluator(loss="cross_entropie")
    with pytest.raises(ValueError, match="reduction 'none' is not supported"):
        LossEvaluator(loss="mse_loss", reduction="none")
    # setting the loss later checks the options already set
    with pytest.raises(UnknownOptionError, match="mse_loss: unknown option 'margin'"):
        LossEvaluator(margin=2.0).setLoss("mse_loss")
