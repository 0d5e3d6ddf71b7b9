package io.losseval.testing;

import org.apache.spark.sql.execution.vectorized.Dictionary;

/**
 * The strings of a dictionary-encoded column vector, as Spark's Parquet reader hands a dictionary
 * to a vector ({@code setDictionary}): entry {@code id} is {@code words[id]}'s bytes. Other
 * decodings are not strings and fail.
 *
 * @param words the entries' UTF-8 bytes, by id
 */
public record StringDictionary(byte[][] words) implements Dictionary {
  @Override
  public byte[] decodeToBinary(int id) {
    return words[id];
  }

  @Override
  public int decodeToInt(int id) {
    throw new UnsupportedOperationException("a dictionary of strings");
  }

  @Override
  public long decodeToLong(int id) {
    throw new UnsupportedOperationException("a dictionary of strings");
  }

  @Override
  public float decodeToFloat(int id) {
    throw new UnsupportedOperationException("a dictionary of strings");
  }

  @Override
  public double decodeToDouble(int id) {
    throw new UnsupportedOperationException("a dictionary of strings");
  }
}
