package dev.jflow.api.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.NdArray;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NdArrayReadersTest {
  /** A float32 array holding 0, 1, 2, ... in row-major order. */
  private static NdArray counting(int... shape) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] values = new float[n];
    IntStream.range(0, n).forEach(i -> values[i] = i);
    return NdArray.of(values, shape);
  }

  private static List<NdArray> blobs(Iterator<Document> docs) {
    List<NdArray> out = new ArrayList<>();
    docs.forEachRemaining(d -> out.add(d.blob()));
    return out;
  }

  private static List<String> sorted(List<NdArray> arrays) {
    return arrays.stream().map(a -> Arrays.toString(a.shape()) + Arrays.toString(a.toFloatArray())).sorted().toList();
  }

  @Test
  void rowsBecomeFloat32BlobsOneDocumentEach() {
    List<NdArray> blobs = blobs(InputReaders.ndarrayRows(new float[][] {{1, 2, 3}, {4}, {}}));

    assertEquals(List.of(NdArray.of(new float[] {1, 2, 3}), NdArray.of(new float[] {4}), NdArray.of(new float[0])), blobs);
    assertEquals(DType.FLOAT32, blobs.get(0).dtype());
    assertArrayEquals(new int[] {3}, blobs.get(0).shape());
  }

  @Test
  void rowsAreReadLazilyAndANullRowFailsWhenReached() {
    Iterator<Document> docs = InputReaders.ndarrayRows(new float[][] {{1}, null});

    assertArrayEquals(new float[] {1}, docs.next().blob().toFloatArray());
    FlowException e = assertThrows(FlowException.class, docs::next);
    assertTrue(e.getMessage().contains("rows[1] is null"), e.getMessage());
  }

  @Test
  void nullRowsAreRejected() {
    FlowException e = assertThrows(FlowException.class, () -> InputReaders.ndarrayRows(null));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("rows is null"), e.getMessage());
  }

  @Test
  void slicesA2dArrayAlongAxis0IntoRows() {
    List<NdArray> rows = blobs(InputReaders.ndarraySlices(counting(3, 4), 0, -1, false));

    assertEquals(3, rows.size());
    assertArrayEquals(new int[] {4}, rows.get(1).shape());
    assertArrayEquals(new float[] {4, 5, 6, 7}, rows.get(1).toFloatArray());
    assertArrayEquals(new float[] {8, 9, 10, 11}, rows.get(2).toFloatArray());
  }

  @Test
  void slicesA2dArrayAlongAxis1IntoColumns() {
    List<NdArray> columns = blobs(InputReaders.ndarraySlices(counting(3, 4), 1, -1, false));

    assertEquals(4, columns.size());
    assertArrayEquals(new int[] {3}, columns.get(0).shape());
    assertArrayEquals(new float[] {0, 4, 8}, columns.get(0).toFloatArray());
    assertArrayEquals(new float[] {3, 7, 11}, columns.get(3).toFloatArray());
  }

  @Test
  void slicesA3dArrayAlongEachAxisLikeNumpyTake() {
    NdArray a = counting(2, 3, 4);

    List<NdArray> axis0 = blobs(InputReaders.ndarraySlices(a, 0, -1, false));
    assertEquals(2, axis0.size());
    assertEquals(counting(3, 4), axis0.get(0));
    assertArrayEquals(new int[] {3, 4}, axis0.get(1).shape());
    assertEquals(12f, axis0.get(1).toFloatArray()[0]);

    List<NdArray> axis1 = blobs(InputReaders.ndarraySlices(a, 1, -1, false));
    assertEquals(3, axis1.size());
    assertEquals(NdArray.of(new float[] {8, 9, 10, 11, 20, 21, 22, 23}, 2, 4), axis1.get(2));

    List<NdArray> axis2 = blobs(InputReaders.ndarraySlices(a, 2, -1, false));
    assertEquals(4, axis2.size());
    assertEquals(NdArray.of(new float[] {1, 5, 9, 13, 17, 21}, 2, 3), axis2.get(1));
    assertEquals(axis2, blobs(InputReaders.ndarraySlices(a, -1, -1, false)), "axis -1 is the last axis");
  }

  @Test
  void slicesKeepTheDtypeAndARank1ArrayGivesRank0Slices() {
    List<NdArray> ints = blobs(InputReaders.ndarraySlices(NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3), 1, -1, false));
    assertEquals(NdArray.of(new int[] {2, 5}), ints.get(1));

    List<NdArray> scalars = blobs(InputReaders.ndarraySlices(NdArray.of(new double[] {1.5, 2.5}), 0, -1, false));
    assertEquals(2, scalars.size());
    assertEquals(0, scalars.get(1).rank());
    assertEquals(DType.FLOAT64, scalars.get(1).dtype());
    assertEquals(2.5, scalars.get(1).getDouble(0));
  }

  @Test
  void sizeLimitsTheNumberOfSlices() {
    assertEquals(2, blobs(InputReaders.ndarraySlices(counting(5, 2), 0, 2, false)).size());
    assertEquals(5, blobs(InputReaders.ndarraySlices(counting(5, 2), 0, 99, false)).size());
    assertFalse(InputReaders.ndarraySlices(counting(5, 2), 0, 0, false).hasNext());
    assertFalse(InputReaders.ndarraySlices(counting(0, 2), 0, -1, false).hasNext());
  }

  @Test
  void shuffleGivesTheSameSlicesInSomeOrder() {
    NdArray a = counting(2, 6, 3);
    List<NdArray> ordered = blobs(InputReaders.ndarraySlices(a, 1, -1, false));

    List<NdArray> shuffled = blobs(InputReaders.ndarraySlices(a, 1, -1, true));
    assertEquals(sorted(ordered), sorted(shuffled));

    List<NdArray> some = blobs(InputReaders.ndarraySlices(a, 1, 3, true));
    assertEquals(3, some.size());
    assertEquals(3, some.stream().distinct().count());
    assertTrue(ordered.containsAll(some));
  }

  @Test
  void anAxisOutOfRangeIsRejectedNamingAxisAndRank() {
    FlowException e = assertThrows(FlowException.class, () -> InputReaders.ndarraySlices(counting(2, 3, 4), 3, -1, false));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("axis 3") && e.getMessage().contains("rank 3"), e.getMessage());

    FlowException negative = assertThrows(FlowException.class, () -> InputReaders.ndarraySlices(counting(2, 3), -3, -1, false));
    assertTrue(negative.getMessage().contains("axis -3") && negative.getMessage().contains("rank 2"), negative.getMessage());

    NdArray scalar = NdArray.wrap(DType.INT32, new byte[4]);
    FlowException rank0 = assertThrows(FlowException.class, () -> InputReaders.ndarraySlices(scalar, 0, -1, false));
    assertTrue(rank0.getMessage().contains("rank 0"), rank0.getMessage());
  }
}
