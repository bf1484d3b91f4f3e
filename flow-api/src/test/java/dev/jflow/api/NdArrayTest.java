package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class NdArrayTest {

  @Test
  void ofMakesOneDimensionalArraysOfTheMatchingDtype() {
    NdArray f = NdArray.of(new float[] {1.5f, -2f, 3f});
    assertEquals(DType.FLOAT32, f.dtype());
    assertArrayEquals(new int[] {3}, f.shape());
    assertEquals(1, f.rank());
    assertEquals(3, f.size());
    assertArrayEquals(new float[] {1.5f, -2f, 3f}, f.toFloatArray());

    NdArray d = NdArray.of(new double[] {0.1, 1e300});
    assertEquals(DType.FLOAT64, d.dtype());
    assertArrayEquals(new double[] {0.1, 1e300}, d.toDoubleArray());

    NdArray i = NdArray.of(new int[] {Integer.MIN_VALUE, 7});
    assertEquals(DType.INT32, i.dtype());
    assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, i.toIntArray());

    NdArray l = NdArray.of(new long[] {Long.MAX_VALUE, -1L});
    assertEquals(DType.INT64, l.dtype());
    assertArrayEquals(new long[] {Long.MAX_VALUE, -1L}, l.toLongArray());
  }

  @Test
  void ofTakesAShapeAndCopiesTheValues() {
    float[] values = {1, 2, 3, 4, 5, 6};
    NdArray a = NdArray.of(values, 2, 3);
    values[0] = 99;
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertEquals(2, a.rank());
    assertEquals(6, a.size());
    assertEquals(1f, a.toFloatArray()[0], "the array holds a copy of the values");
    assertEquals(6.0, a.getDouble(5), "row-major: the last element is [1][2]");

    assertArrayEquals(new int[] {3, 1}, NdArray.of(new double[] {1, 2, 3}, 3, 1).shape());
    assertArrayEquals(new int[] {1, 2}, NdArray.of(new int[] {1, 2}, 1, 2).shape());
    assertArrayEquals(new int[] {2, 1, 1}, NdArray.of(new long[] {1, 2}, 2, 1, 1).shape());
  }

  @Test
  void aShapeThatDoesNotFitTheValuesIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NdArray.of(new float[5], 2, 3));
    assertEquals("NdArray of dtype float32 and shape [2, 3] needs 24 bytes, got 20", e.getMessage());
  }

  @Test
  void theShapeAccessorReturnsACopy() {
    NdArray a = NdArray.of(new float[4], 2, 2);
    a.shape()[0] = 4;
    assertArrayEquals(new int[] {2, 2}, a.shape());
  }

  @Test
  void wrapSharesTheBytesItIsGiven() {
    byte[] raw = new byte[8];
    NdArray a = NdArray.wrap(DType.FLOAT32, raw, 2);
    assertArrayEquals(new float[] {0f, 0f}, a.toFloatArray());

    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, 2.5f);

    assertEquals(2.5f, a.bytes().getFloat(4), "a change to the source shows through bytes()");
    assertArrayEquals(new float[] {0f, 2.5f}, a.toFloatArray());
  }

  @Test
  void wrapReadsTheRemainingBytesOfABufferWhateverItsByteOrder() {
    ByteBuffer big = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    big.putInt(0, 111).putInt(4, 7).putInt(8, 8);
    big.position(4);
    big.order(ByteOrder.BIG_ENDIAN);

    NdArray a = NdArray.wrap(DType.INT32, big, 2);

    assertArrayEquals(new int[] {7, 8}, a.toIntArray());
    assertEquals(4, big.position(), "the caller's buffer is not moved");
  }

  @Test
  void wrapRejectsAByteCountThatDoesNotMatchTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NdArray.wrap(DType.INT64, new byte[12], 2, 1));
    assertEquals("NdArray of dtype int64 and shape [2, 1] needs 16 bytes, got 12", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(DType.UINT8, new byte[4], 3));
    assertThrows(IllegalArgumentException.class, () -> NdArray.wrap(null, new byte[4], 4));
  }

  @Test
  void elementsAreStoredLittleEndian() {
    // 1.0f is 0x3F800000
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F}, NdArray.of(new float[] {1.0f}).toByteArray());
    assertArrayEquals(new byte[] {1, 2, 0, 0}, NdArray.of(new int[] {0x0201}).toByteArray());
    ByteBuffer bytes = NdArray.of(new long[] {1L}).bytes();
    assertEquals(ByteOrder.LITTLE_ENDIAN, bytes.order());
    assertEquals(0, bytes.position());
    assertEquals(8, bytes.remaining());
    assertEquals(1, bytes.get(0));
  }

  @Test
  void bytesAndBufferViewsAreReadOnly() {
    NdArray a = NdArray.of(new float[] {1f, 2f});
    assertTrue(a.bytes().isReadOnly());
    FloatBuffer view = a.asFloatBuffer();
    assertTrue(view.isReadOnly());
    assertThrows(ReadOnlyBufferException.class, () -> view.put(0, 5f));
    assertThrows(ReadOnlyBufferException.class, () -> a.bytes().put(0, (byte) 1));
    assertTrue(NdArray.of(new double[] {1}).asDoubleBuffer().isReadOnly());
    assertTrue(NdArray.of(new int[] {1}).asIntBuffer().isReadOnly());
    assertTrue(NdArray.of(new long[] {1}).asLongBuffer().isReadOnly());
  }

  @Test
  void asFloatBufferViewsTheBytesWithoutCopying() {
    byte[] raw = new byte[12];
    NdArray a = NdArray.wrap(DType.FLOAT32, raw, 3);
    FloatBuffer view = a.asFloatBuffer();
    assertEquals(3, view.remaining());

    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).putFloat(8, -4.25f);

    assertEquals(-4.25f, view.get(2), "a view taken before the change sees it");
  }

  @Test
  void typedViewsRequireTheirDtype() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> NdArray.of(new int[] {1}).asFloatBuffer());
    assertEquals("NdArray has dtype int32, not float32", e.getMessage());
    assertThrows(IllegalStateException.class, () -> NdArray.of(new float[] {1}).asDoubleBuffer());
    assertThrows(IllegalStateException.class, () -> NdArray.of(new float[] {1}).asIntBuffer());
    assertThrows(IllegalStateException.class, () -> NdArray.of(new int[] {1}).asLongBuffer());
  }

  @Test
  void conversionsWorkAcrossNumericDtypes() {
    NdArray ints = NdArray.of(new int[] {1, -2, 3});
    assertArrayEquals(new float[] {1f, -2f, 3f}, ints.toFloatArray());
    assertArrayEquals(new double[] {1, -2, 3}, ints.toDoubleArray());
    assertArrayEquals(new long[] {1, -2, 3}, ints.toLongArray());

    NdArray longs = NdArray.of(new long[] {5L, -6L});
    assertArrayEquals(new int[] {5, -6}, longs.toIntArray());
    assertArrayEquals(new float[] {5f, -6f}, longs.toFloatArray());

    NdArray doubles = NdArray.of(new double[] {0.5, -1.25});
    assertArrayEquals(new float[] {0.5f, -1.25f}, doubles.toFloatArray());

    NdArray floats = NdArray.of(new float[] {0.5f});
    assertArrayEquals(new double[] {0.5}, floats.toDoubleArray());

    NdArray shorts = NdArray.wrap(DType.INT16, new byte[] {(byte) 0xFF, (byte) 0xFF, 0x10, 0x00}, 2);
    assertArrayEquals(new int[] {-1, 16}, shorts.toIntArray());

    NdArray bools = NdArray.wrap(DType.BOOL, new byte[] {0, 1}, 2);
    assertArrayEquals(new long[] {0, 1}, bools.toLongArray());
  }

  @Test
  void uint8ReadsUnsignedAndInt8ReadsSigned() {
    NdArray u = NdArray.wrap(DType.UINT8, new byte[] {(byte) 255, 0, (byte) 128}, 3);
    assertArrayEquals(new int[] {255, 0, 128}, u.toIntArray());
    assertArrayEquals(new long[] {255, 0, 128}, u.toLongArray());
    assertArrayEquals(new float[] {255f, 0f, 128f}, u.toFloatArray());
    assertEquals(255.0, u.getDouble(0));

    NdArray s = NdArray.wrap(DType.INT8, new byte[] {(byte) 0xFF, (byte) 0x80}, 2);
    assertArrayEquals(new int[] {-1, -128}, s.toIntArray());
    assertArrayEquals(new double[] {-1, -128}, s.toDoubleArray());
    assertEquals(-1L, s.getLong(0));
  }

  @Test
  void float16IsStoredButNotConverted() {
    NdArray h = NdArray.wrap(DType.FLOAT16, new byte[] {0, 0x3C, 0, 0}, 2);
    assertEquals(2, h.size());
    assertArrayEquals(new byte[] {0, 0x3C, 0, 0}, h.toByteArray());
    IllegalStateException e = assertThrows(IllegalStateException.class, h::toFloatArray);
    assertEquals("float16 elements cannot be converted; read bytes() instead", e.getMessage());
    assertThrows(IllegalStateException.class, h::toDoubleArray);
    assertThrows(IllegalStateException.class, h::toLongArray);
  }

  @Test
  void floatsHoldNoIntegers() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> NdArray.of(new float[] {1}).toIntArray());
    assertEquals("NdArray of dtype float32 holds no integers; use getDouble", e.getMessage());
  }

  @Test
  void anIndexOutOfBoundsNamesTheIndexAndTheSize() {
    NdArray a = NdArray.of(new float[] {1, 2, 3});
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.getDouble(3));
    assertEquals("index 3 out of bounds for NdArray of size 3", e.getMessage());
    e = assertThrows(IndexOutOfBoundsException.class, () -> NdArray.of(new long[] {1}).getLong(-1));
    assertEquals("index -1 out of bounds for NdArray of size 1", e.getMessage());
  }

  @Test
  void arraysAreEqualByDtypeShapeAndContent() {
    NdArray a = NdArray.of(new float[] {1, 2, 3, 4}, 2, 2);
    NdArray same = NdArray.wrap(DType.FLOAT32, NdArray.of(new float[] {1, 2, 3, 4}).toByteArray(), 2, 2);
    assertEquals(a, same);
    assertEquals(a.hashCode(), same.hashCode());

    assertNotEquals(a, NdArray.of(new float[] {1, 2, 3, 4}), "other shape");
    assertNotEquals(a, NdArray.of(new float[] {1, 2, 3, 5}, 2, 2), "other content");
    assertNotEquals(NdArray.of(new int[] {0}), NdArray.of(new float[] {0}), "same bytes, other dtype");
    assertNotEquals(a, null);
    assertEquals("NdArray{float32 [2, 2]}", a.toString());
  }

  @Test
  void negativeDimensionsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NdArray.wrap(DType.FLOAT32, new byte[0], 0, -1));
    assertEquals("shape [0, -1] has a negative dimension", e.getMessage());
  }

  @Test
  void moreThanIntMaxElementsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NdArray.wrap(DType.UINT8, new byte[0], 65536, 32768));
    assertEquals("shape [65536, 32768] holds more than 2^31-1 elements", e.getMessage());
  }

  @Test
  void emptyAndScalarShapesAreAllowed() {
    NdArray empty = NdArray.of(new float[0]);
    assertArrayEquals(new int[] {0}, empty.shape());
    assertEquals(0, empty.size());
    assertArrayEquals(new float[0], empty.toFloatArray());

    NdArray scalar = NdArray.wrap(DType.INT32, NdArray.of(new int[] {42}).toByteArray());
    assertEquals(0, scalar.rank());
    assertEquals(1, scalar.size());
    assertEquals(42, scalar.getLong(0));
  }
}
