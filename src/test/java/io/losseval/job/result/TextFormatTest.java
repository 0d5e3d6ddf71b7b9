package io.losseval.job.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How the job writes values as text: cells, numbers in prose, counts and console escaping. */
class TextFormatTest {
  @Test
  void numbersInProseKeepSixDigitsWithoutTrailingZeros() {
    assertEquals("0.01", TextFormat.number(0.0100000));
    assertEquals("0.449953", TextFormat.number(0.44995312));
    assertEquals("-4.68375e-17", TextFormat.number(-4.68375e-17));
    assertEquals("1.00000e+20", TextFormat.value(1e20));
    assertEquals("1e+20", TextFormat.number(1e20));
    assertEquals("200000", TextFormat.number(200000.0));
    assertEquals("NaN", TextFormat.number(Double.NaN));
    assertEquals("NULL", TextFormat.number(null));
  }
}
