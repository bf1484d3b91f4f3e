package dev.jflow.api;

import dev.jflow.api.internal.ArrayBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * An immutable n-dimensional array: a {@link DType}, a shape, and the elements as little-endian bytes
 * in row-major order (numpy's default), which is exactly how they travel on the wire. Views such as
 * {@link #asFloatBuffer()} read the bytes in place without copying.
 */
public final class NdArray {
  static {
    ArrayBytes.install(a -> a.source.duplicate().order(ByteOrder.LITTLE_ENDIAN));
  }

  private final DType dtype;
  private final int[] shape;
  private final ByteBuffer data;
  private final ByteBuffer source;

  private NdArray(DType dtype, int[] shape, ByteBuffer source) {
    this.dtype = dtype;
    this.shape = shape;
    this.source = source;
    this.data = source.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Wraps little-endian bytes without copying them. The buffer's remaining bytes are the elements;
   * later changes to the buffer's content show through, so hand over a buffer you no longer write.
   *
   * @throws IllegalArgumentException when the byte count does not match the shape and dtype
   */
  public static NdArray wrap(DType dtype, ByteBuffer littleEndianBytes, int... shape) {
    if (dtype == null || littleEndianBytes == null || shape == null) {
      throw new IllegalArgumentException("dtype, bytes and shape are required");
    }
    int[] s = shape.clone();
    long count = elementCount(s);
    long expected = count * dtype.itemSize();
    if (expected != littleEndianBytes.remaining()) {
      throw new IllegalArgumentException("NdArray of dtype " + dtype.numpyName() + " and shape "
          + Arrays.toString(s) + " needs " + expected + " bytes, got " + littleEndianBytes.remaining());
    }
    return new NdArray(dtype, s, littleEndianBytes.slice());
  }

  /** Wraps a little-endian byte array without copying it; see {@link #wrap(DType, ByteBuffer, int...)}. */
  public static NdArray wrap(DType dtype, byte[] littleEndianBytes, int... shape) {
    return wrap(dtype, ByteBuffer.wrap(littleEndianBytes), shape);
  }

  /** A float32 array holding a copy of {@code values}; the shape defaults to {@code [values.length]}. */
  public static NdArray of(float[] values, int... shape) {
    ByteBuffer b = allocate(values.length, 4);
    b.asFloatBuffer().put(values);
    return wrap(DType.FLOAT32, b, shapeOr(shape, values.length));
  }

  /** A float64 array holding a copy of {@code values}; the shape defaults to {@code [values.length]}. */
  public static NdArray of(double[] values, int... shape) {
    ByteBuffer b = allocate(values.length, 8);
    b.asDoubleBuffer().put(values);
    return wrap(DType.FLOAT64, b, shapeOr(shape, values.length));
  }

  /** An int32 array holding a copy of {@code values}; the shape defaults to {@code [values.length]}. */
  public static NdArray of(int[] values, int... shape) {
    ByteBuffer b = allocate(values.length, 4);
    b.asIntBuffer().put(values);
    return wrap(DType.INT32, b, shapeOr(shape, values.length));
  }

  /** An int64 array holding a copy of {@code values}; the shape defaults to {@code [values.length]}. */
  public static NdArray of(long[] values, int... shape) {
    ByteBuffer b = allocate(values.length, 8);
    b.asLongBuffer().put(values);
    return wrap(DType.INT64, b, shapeOr(shape, values.length));
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** Number of elements (the product of the shape). */
  public int size() {
    return (int) elementCount(shape);
  }

  /** A read-only little-endian view of the bytes, positioned at 0; no copy. */
  public ByteBuffer bytes() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The bytes copied into a new array. */
  public byte[] toByteArray() {
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }

  /** A read-only float view of a float32 array; no copy. */
  public FloatBuffer asFloatBuffer() {
    requireDtype(DType.FLOAT32);
    return bytes().asFloatBuffer();
  }

  /** A read-only double view of a float64 array; no copy. */
  public DoubleBuffer asDoubleBuffer() {
    requireDtype(DType.FLOAT64);
    return bytes().asDoubleBuffer();
  }

  /** A read-only int view of an int32 array; no copy. */
  public IntBuffer asIntBuffer() {
    requireDtype(DType.INT32);
    return bytes().asIntBuffer();
  }

  /** A read-only long view of an int64 array; no copy. */
  public LongBuffer asLongBuffer() {
    requireDtype(DType.INT64);
    return bytes().asLongBuffer();
  }

  /** The elements as floats, converting from any numeric dtype but float16. */
  public float[] toFloatArray() {
    if (dtype == DType.FLOAT32) {
      float[] out = new float[size()];
      asFloatBuffer().get(out);
      return out;
    }
    double[] d = toDoubleArray();
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  /** The elements as doubles, converting from any numeric dtype but float16. */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** The elements as ints; int32 is read directly, other integer dtypes are widened or narrowed. */
  public int[] toIntArray() {
    int[] out = new int[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) getLong(i);
    }
    return out;
  }

  /** The elements as longs, from any integer or bool dtype. */
  public long[] toLongArray() {
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getLong(i);
    }
    return out;
  }

  /** Element {@code i} (flat, row-major index) as a double, from any numeric dtype but float16. */
  public double getDouble(int i) {
    int at = offset(i);
    switch (dtype) {
      case FLOAT32: return data.getFloat(at);
      case FLOAT64: return data.getDouble(at);
      case FLOAT16: throw new IllegalStateException("float16 elements cannot be converted; read bytes() instead");
      default: return getLong(i);
    }
  }

  /** Element {@code i} (flat, row-major index) as a long, from any integer or bool dtype. */
  public long getLong(int i) {
    int at = offset(i);
    switch (dtype) {
      case INT8: return data.get(at);
      case UINT8: case BOOL: return data.get(at) & 0xFF;
      case INT16: return data.getShort(at);
      case INT32: return data.getInt(at);
      case INT64: return data.getLong(at);
      default:
        throw new IllegalStateException("NdArray of dtype " + dtype.numpyName() + " holds no integers; use getDouble");
    }
  }

  /** Arrays are equal when dtype, shape and bytes are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof NdArray
        && ((NdArray) o).dtype == dtype
        && Arrays.equals(((NdArray) o).shape, shape)
        && ((NdArray) o).data.equals(data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
  }

  @Override
  public String toString() {
    return "NdArray{" + dtype.numpyName() + " " + Arrays.toString(shape) + "}";
  }

  private int offset(int i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException("index " + i + " out of bounds for NdArray of size " + size());
    }
    return i * dtype.itemSize();
  }

  private void requireDtype(DType expected) {
    if (dtype != expected) {
      throw new IllegalStateException("NdArray has dtype " + dtype.numpyName() + ", not " + expected.numpyName());
    }
  }

  private static ByteBuffer allocate(int count, int itemSize) {
    return ByteBuffer.allocate(Math.multiplyExact(count, itemSize)).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int[] shapeOr(int[] shape, int length) {
    return shape.length == 0 ? new int[] {length} : shape;
  }

  private static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than 2^31-1 elements");
      }
    }
    return n;
  }
}
