package dev.jflow.api.internal;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.NdArray;
import dev.jflow.api.Status;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A lazy iterator over the slices of an {@link NdArray} along one axis, as numpy's
 * {@code np.take(a, i, axis)} makes them: each slice keeps the dtype and drops that axis. Slices along
 * the first axis share the array's bytes; others copy just their own bytes.
 */
final class NdArraySlices implements Iterator<Document> {
  private final NdArray array;
  private final int[] sliceShape;
  private final int length;
  private final int outer;
  private final int blockBytes;
  private final int count;
  private final int[] order;
  private int taken;

  private NdArraySlices(NdArray array, int axis, int size, boolean shuffle) {
    int[] shape = array.shape();
    this.array = array;
    this.length = shape[axis];
    this.sliceShape = new int[shape.length - 1];
    System.arraycopy(shape, 0, sliceShape, 0, axis);
    System.arraycopy(shape, axis + 1, sliceShape, axis, shape.length - axis - 1);
    this.outer = product(shape, 0, axis);
    this.blockBytes = product(shape, axis + 1, shape.length) * array.dtype().itemSize();
    this.count = size < 0 ? length : Math.min(size, length);
    this.order = shuffle ? identity(length) : null;
  }

  /**
   * The slices of {@code array} along {@code axis} (negative counts from the last axis, as in numpy).
   *
   * @param size most slices to make; negative for all
   * @param shuffle whether to take slices in random order
   * @throws FlowException INVALID_ARGUMENT when the array is null or the axis is out of range
   */
  static Iterator<Document> of(NdArray array, int axis, int size, boolean shuffle) {
    if (array == null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "array is null; pass the NdArray to slice");
    }
    int rank = array.rank();
    if (axis < -rank || axis >= rank) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "axis " + axis + " is out of range for an NdArray of rank "
          + rank + " (shape " + Arrays.toString(array.shape()) + ")"
          + (rank == 0 ? "; a rank-0 array has no axis to slice" : "; use 0 to " + (rank - 1) + " or -" + rank + " to -1"));
    }
    return new NdArraySlices(array, axis < 0 ? axis + rank : axis, size, shuffle);
  }

  @Override
  public boolean hasNext() {
    return taken < count;
  }

  @Override
  public Document next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all " + count + " slices were taken");
    }
    int index = taken;
    if (order != null) {
      // one step of a Fisher-Yates shuffle, so slices are drawn lazily
      int pick = taken + ThreadLocalRandom.current().nextInt(length - taken);
      index = order[pick];
      order[pick] = order[taken];
      order[taken] = index;
    }
    taken++;
    return Document.ofBlob(slice(index));
  }

  private NdArray slice(int index) {
    ByteBuffer bytes = array.bytes();
    if (outer == 1) {
      bytes.limit((index + 1) * blockBytes).position(index * blockBytes);
      return NdArray.wrap(array.dtype(), bytes, sliceShape);
    }
    byte[] out = new byte[outer * blockBytes];
    for (int o = 0; o < outer; o++) {
      bytes.get((o * length + index) * blockBytes, out, o * blockBytes, blockBytes);
    }
    return NdArray.wrap(array.dtype(), out, sliceShape);
  }

  private static int product(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) {
      p *= shape[i];
    }
    return p;
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    Arrays.setAll(a, i -> i);
    return a;
  }
}
