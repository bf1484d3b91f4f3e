package dev.jflow.proto;

import dev.jflow.api.DType;
import dev.jflow.api.FlowException;
import dev.jflow.api.NdArray;
import dev.jflow.api.Status;
import dev.jflow.api.internal.ArrayBytes;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.NdArrayProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Arrays to and from {@code NdArrayProto}. Encoding wraps the array's bytes without copying (arrays are
 * immutable); decoding views the message's bytes in place. Quantized arrays (FP16, UINT8) are
 * restored to their original dtype (float64 stays float64, anything else becomes float32), after their
 * shape is checked against the buffer and their restored size is charged to the request's budget, so
 * nothing is allocated for an array that does not fit. Sparse arrays are rejected.
 */
final class NdArrayCodec {
  /** The largest byte array the JVM reliably allocates. */
  private static final long MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

  private NdArrayCodec() {}

  static NdArrayProto encode(NdArray a) {
    DenseNdArrayProto.Builder d = DenseNdArrayProto.newBuilder()
        .setBuffer(SharedBytes.wrap(ArrayBytes.shared(a)))
        .setDtype(a.dtype().numpyCode());
    for (int s : a.shape()) {
      d.addShape(s);
    }
    return NdArrayProto.newBuilder().setDense(d).build();
  }

  static NdArray decode(NdArrayProto p, String path, DecodeBudget budget) {
    return decode(p, path, budget, true);
  }

  /**
   * Checks {@code p} as {@link #decode} would, charging its size to {@code budget}, without restoring a
   * quantized array: decoding it later cannot fail.
   */
  static void check(NdArrayProto p, String path, DecodeBudget budget) {
    decode(p, path, budget, false);
  }

  /** Decodes {@code p}; when not {@code make}, a quantized array is checked and charged but not restored (null). */
  private static NdArray decode(NdArrayProto p, String path, DecodeBudget budget, boolean make) {
    if (p.getContentCase() == NdArrayProto.ContentCase.SPARSE) {
      throw bad(path, "sparse arrays are not supported; send a dense array");
    }
    DenseNdArrayProto d = p.getDense();
    int[] shape = new int[d.getShapeCount()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = d.getShape(i);
      if (shape[i] < 0) {
        throw bad(path, "shape " + d.getShapeList() + " has a dimension beyond 2^31-1");
      }
    }
    try {
      DType dtype = DType.parse(d.getDtype().isEmpty() ? "float32" : d.getDtype());
      ByteBuffer bytes = SharedBytes.view(d.getBuffer());
      switch (d.getQuantization()) {
        case FP16:
        case UINT8:
          return dequantize(bytes, d, shape, path, budget, make);
        default:
          budget.arrayBytes(path, bytes.remaining());
          return NdArray.wrap(dtype, bytes, shape);
      }
    } catch (IllegalArgumentException e) {
      throw bad(path, e.getMessage());
    }
  }

  /** Restores a quantized array, checking its shape and restored size before allocating it. */
  private static NdArray dequantize(ByteBuffer in, DenseNdArrayProto d, int[] shape, String path, DecodeBudget budget,
      boolean make) {
    boolean fp16 = d.getQuantization() == DenseNdArrayProto.QuantizationMode.FP16;
    int stored = fp16 ? 2 : 1;
    long count = elements(shape);
    long needed = count > Long.MAX_VALUE / stored ? Long.MAX_VALUE : count * stored;
    if (needed != in.remaining()) {
      throw bad(path, d.getQuantization() + "-quantized shape " + d.getShapeList() + " holds "
          + (count == Long.MAX_VALUE ? "more than 2^63-1" : String.valueOf(count)) + " values of " + stored
          + (stored == 1 ? " byte" : " bytes") + ", but buffer has " + in.remaining() + " bytes");
    }
    DType original = d.getOriginalDtype().isEmpty() ? DType.FLOAT32 : DType.parse(d.getOriginalDtype());
    DType restored = original == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    long size = count * restored.itemSize();
    if (size > MAX_JAVA_ARRAY) {
      throw new FlowException(Status.Code.RESOURCE_EXHAUSTED, path + ": the restored " + restored.numpyName() + " array of shape "
          + d.getShapeList() + " needs " + size + " bytes, more than a Java array holds (" + MAX_JAVA_ARRAY + ")");
    }
    budget.arrayBytes(path, size);
    if (!make) {
      return null;
    }
    ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer src = in.order(ByteOrder.LITTLE_ENDIAN);
    float scale = d.getScale();
    float min = d.getMinVal();
    for (int i = 0; i < count; i++) {
      float v = fp16 ? HalfFloat.toFloat(src.getShort(i * 2)) : (src.get(i) & 0xFF) * scale + min;
      if (restored == DType.FLOAT64) {
        out.putDouble(i * 8, v);
      } else {
        out.putFloat(i * 4, v);
      }
    }
    return NdArray.wrap(restored, out, shape);
  }

  /** The product of {@code shape} (1 for a scalar), or Long.MAX_VALUE when it does not fit a long. */
  private static long elements(int[] shape) {
    long n = 1;
    for (int s : shape) {
      if (s == 0) {
        return 0;
      }
    }
    for (int s : shape) {
      if (n > Long.MAX_VALUE / s) {
        return Long.MAX_VALUE;
      }
      n *= s;
    }
    return n;
  }

  static FlowException bad(String path, String problem) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, path + ": " + problem);
  }
}
