/**
 * Test helpers shared by test packages that are not about one part of the code: reading the
 * documentation's code snippets ({@link io.losseval.testing.DocSnippets}) so that tests run what
 * the pages show. Plain Java and JUnit only: no Spark, so that tests of every package may use it.
 */
package io.losseval.testing;
