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
 * restored to their original dtype; sparse arrays are rejected.
 */
final class NdArrayCodec {
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

  static NdArray decode(NdArrayProto p, String path) {
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
          return dequantizeFp16(bytes, d, shape);
        case UINT8:
          return dequantizeUint8(bytes, d, shape);
        default:
          return NdArray.wrap(dtype, bytes, shape);
      }
    } catch (IllegalArgumentException e) {
      throw bad(path, e.getMessage());
    }
  }

  private static NdArray dequantizeFp16(ByteBuffer bytes, DenseNdArrayProto d, int[] shape) {
    ByteBuffer in = bytes.order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[in.remaining() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = HalfFloat.toFloat(in.getShort(i * 2));
    }
    return restore(out, d, shape);
  }

  private static NdArray dequantizeUint8(ByteBuffer bytes, DenseNdArrayProto d, int[] shape) {
    float[] out = new float[bytes.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (bytes.get(i) & 0xFF) * d.getScale() + d.getMinVal();
    }
    return restore(out, d, shape);
  }

  private static NdArray restore(float[] values, DenseNdArrayProto d, int[] shape) {
    DType original = d.getOriginalDtype().isEmpty() ? DType.FLOAT32 : DType.parse(d.getOriginalDtype());
    NdArray flat;
    if (original == DType.FLOAT64) {
      double[] wide = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        wide[i] = values[i];
      }
      flat = NdArray.of(wide);
    } else {
      flat = NdArray.of(values);
    }
    // NdArray.of reads an empty shape as [length]; wrap keeps a scalar's rank 0 and checks the element count.
    return NdArray.wrap(flat.dtype(), flat.bytes(), shape);
  }

  static FlowException bad(String path, String problem) {
    return new FlowException(Status.Code.INVALID_ARGUMENT, path + ": " + problem);
  }
}
