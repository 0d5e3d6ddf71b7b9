/**
 * The job's configuration: the checked model ({@link io.losseval.job.config.JobConfig}, with the
 * schema's constants: formats, scopes, defaults), the command line ({@link
 * io.losseval.job.config.CommandLine}), and the parser, which reads a HOCON file with {@code
 * key=value} overrides ({@link io.losseval.job.config.ConfigReader#read}, the entry point) through
 * a strict reader ({@link io.losseval.job.config.StrictConfig}) that names the key, where it was
 * set and what is allowed in every error. Evaluations and comparisons keep the order the file
 * declares them ({@link io.losseval.job.config.DeclaredOrder}); result column names are made and
 * checked here ({@link io.losseval.job.config.ResultColumns}).
 *
 * <p>May use Typesafe Config, {@code io.losseval.core} (the loss catalog and its option checks) and
 * the job's exit codes and failures ({@code io.losseval.job}); never Spark or the other rooms, so a
 * configuration is checked whole before Spark starts.
 */
package io.losseval.job.config;
