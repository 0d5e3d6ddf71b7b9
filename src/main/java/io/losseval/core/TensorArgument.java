package io.losseval.core;

/** One tensor argument of a loss: PyTorch's parameter name and what a row of it holds. */
public record TensorArgument(String name, String description) {}
