/**
 * The engine's contracts, free of Spark: what a loss is ({@link io.losseval.core.LossDefinition}:
 * tensor arguments and the kinds they accept, {@link io.losseval.core.OptionSpec options} parsed by
 * {@link io.losseval.core.LossOptions}, {@link io.losseval.core.Reduction reductions}), how a row
 * reaches a kernel ({@link io.losseval.core.Sample}, {@link io.losseval.core.RowBatch} for scalar
 * rows and {@link io.losseval.core.ArrayRowBatch} for array rows added in batches), what a kernel
 * does ({@link io.losseval.core.LossKernel}: add a row's terms to a state, give the result), and
 * the exact partial state every adapter carries and merges ({@link io.losseval.core.LossState} of
 * {@link io.losseval.core.ExactSum}s, with its versioned bytes). The exceptions users see are here
 * too: {@link io.losseval.core.LossArgumentException} (a call or option refused before any row is
 * read), {@link io.losseval.core.LossDataException} (a row refused) and {@link
 * io.losseval.core.LossStateException} (state bytes that cannot be read).
 *
 * <p>May use the Java platform only: no Spark, no Scala, no other library ({@code LayeringTest}).
 * Its sub-packages {@code loss} (the kernels and the catalog) and {@code interval} (intervals and
 * comparisons) build on it; it does not depend on them.
 */
package io.losseval.core;
