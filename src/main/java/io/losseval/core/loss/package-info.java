/**
 * The 21 losses of {@code torch.nn.functional}: {@link io.losseval.core.loss.LossCatalog}, every
 * loss by its SQL (PyTorch) name, each declared once in {@code LossDeclarations} (arguments and
 * their kinds, options with PyTorch's defaults and allowed values, documentation, its kernel); one
 * kernel per loss, named after PyTorch's function ({@code mse_loss}: {@code MseLossKernel}), on a
 * base per shape (elementwise, input and target, per sample, class index, triplet); the numerics
 * they share ({@code Exp}, {@code LogSoftmax}, {@code LogSigmoid}, distances); and {@code
 * catalog.json}'s renderer, which the fixture generator reads.
 *
 * <p>Only the catalog is public: kernels are reached through {@link
 * io.losseval.core.LossDefinition#bind} as {@link io.losseval.core.LossKernel}s. May use the Java
 * platform and {@code io.losseval.core}; no Spark ({@code LayeringTest}).
 */
package io.losseval.core.loss;
