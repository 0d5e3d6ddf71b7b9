package io.losseval.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.losseval.core.loss.LossCatalog;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state's serialized form is fixed (a test reads fixed bytes), carries the layout so that
 * states of other losses or options are refused, and carries the row width so that a group whose
 * rows differ in width fails wherever its rows meet: in one state or in a merge.
 */
class LossStateTest {
  private static final List<Shape> SCALARS = List.of(Shape.SCALAR, Shape.SCALAR);
  private static final List<Shape> ARRAYS = List.of(Shape.ARRAY, Shape.ARRAY);

  /**
   * Format version 2, field by field, for mse_loss over the rows (1.5, 0.5) and (2.0, -1.0):
   * squared errors 1 and 9, sum 10.
   */
  private static final String MSE_STATE_V2 =
      String.join(
          "",
          "02", // format version
          "b7780baa", // CRC-32 of the layout text "mse_loss (scalar, scalar) {}, 1 sum"
          // (python3 -c "import zlib; print(hex(zlib.crc32(b'mse_loss (scalar, scalar) {}, 1
          // sum')))")
          "00000001", // width: scalar rows
          "0000000000000002", // rows
          "0000000000000002", // elements
          "01", // one exact sum:
          "01", // ExactSum format version
          "08", // flags: finite digits present, no NaN or infinity
          "21", // first stored digit: 33 (bits 1056..1087; 2^0 is bit 1074)
          "01", // one digit
          "0000000000280000"); // 10 * 2^(1074 - 1056) = 10 << 18

  private static LossKernel mse(List<Shape> shapes) {
    return LossCatalog.get("mse_loss").bind(Map.of(), shapes);
  }

  private static Sample row(double... values) {
    Sample s = new Sample(values.length);
    for (int a = 0; a < values.length; a++) {
      s.set(a, new double[] {values[a]});
    }
    return s;
  }

  @Test
  void version2BytesAreFixed() {
    LossKernel kernel = mse(SCALARS);
    assertEquals("mse_loss (scalar, scalar) {}, 1 sum", kernel.layout().toString());
    LossState state = kernel.newState();
    kernel.add(row(1.5, 0.5), state);
    kernel.add(row(2.0, -1.0), state);
    assertEquals(MSE_STATE_V2, HexFormat.of().formatHex(state.toBytes()));

    LossState read = kernel.stateFromBytes(HexFormat.of().parseHex(MSE_STATE_V2));
    assertEquals(2, read.rows());
    assertEquals(2, read.elements());
    assertEquals(1, read.width());
    assertEquals(10.0, kernel.result(read, Reduction.SUM));
    assertEquals(5.0, kernel.result(read, Reduction.MEAN));
  }

  @Test
  void otherFormatVersionsAreRefusedWithAClearMessage() {
    byte[] bytes = HexFormat.of().parseHex(MSE_STATE_V2);
    bytes[0] = 1;
    LossStateException e =
        assertThrows(LossStateException.class, () -> mse(SCALARS).stateFromBytes(bytes));
    assertTrue(e.getMessage().contains("serial format 1"), e.getMessage());
  }

  @Test
  void statesOfOtherLossesOrOptionsAreRefused() {
    LossKernel huber1 = LossCatalog.get("huber_loss").bind(Map.of("delta", 1.0), SCALARS);
    LossKernel huber2 = LossCatalog.get("huber_loss").bind(Map.of("delta", 2.0), SCALARS);
    assertNotEquals(huber1.layout(), huber2.layout());
    LossState a = huber1.newState();
    huber1.add(row(0.0, 3.0), a);
    LossStateException merge =
        assertThrows(LossStateException.class, () -> huber2.newState().merge(a));
    assertTrue(
        merge.getMessage().contains("delta=1.0") && merge.getMessage().contains("delta=2.0"),
        merge.getMessage());
    LossStateException read =
        assertThrows(LossStateException.class, () -> mse(SCALARS).stateFromBytes(a.toBytes()));
    assertTrue(read.getMessage().contains("another loss or other options"), read.getMessage());
  }

  @Test
  void aFloatOptionAndADoubleOptionAreDifferentLayouts() {
    LossKernel f = LossCatalog.get("hinge_embedding_loss").bind(Map.of("margin", 0.1f), SCALARS);
    LossKernel d = LossCatalog.get("hinge_embedding_loss").bind(Map.of("margin", 0.1), SCALARS);
    assertNotEquals(f.layout(), d.layout());
  }

  @Test
  void rowsOfDifferentWidthInOneGroupFail() {
    LossKernel kernel = mse(ARRAYS);
    LossState state = kernel.newState();
    Sample three = new Sample(2).set(0, new double[] {1, 2, 3}).set(1, new double[] {0, 0, 0});
    Sample one = new Sample(2).set(0, new double[] {1}).set(1, new double[] {0});
    kernel.add(three, state);
    LossDataException e = assertThrows(LossDataException.class, () -> kernel.add(one, state));
    assertTrue(
        e.getMessage()
            .startsWith("mse_loss: a row has 1 elements but earlier rows of its " + "group have 3"),
        e.getMessage());
    assertEquals(1, state.rows()); // the refused row left nothing behind
  }

  @Test
  void statesOfDifferentWidthFailToMergeButEmptyStatesMergeWithAny() {
    LossKernel kernel =
        LossCatalog.get("cross_entropy").bind(Map.of(), List.of(Shape.ARRAY, Shape.SCALAR));
    LossState three = kernel.newState();
    LossState two = kernel.newState();
    kernel.add(new Sample(2).set(0, new double[] {1, 2, 3}).set(1, new double[] {0}), three);
    kernel.add(new Sample(2).set(0, new double[] {1, 2}).set(1, new double[] {0}), two);
    LossState empty = kernel.newState();
    empty.merge(three);
    assertEquals(3, empty.width());
    LossState copy = kernel.stateFromBytes(three.toBytes());
    LossDataException e =
        assertThrows(
            LossDataException.class, () -> copy.merge(kernel.stateFromBytes(two.toBytes())));
    assertTrue(e.getMessage().contains("have 3 and 2 classes"), e.getMessage());
    three.merge(kernel.newState());
    assertArrayEquals(copy.toBytes(), three.toBytes());
  }
}
