package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.jflow.api.DType;
import dev.jflow.api.FlowException;
import dev.jflow.api.NdArray;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.DenseNdArrayProto.QuantizationMode;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Quantized arrays as Jina 1.x writes them (dtype of the quantized bytes, original_dtype) come back restored. */
class QuantizationTest {

  @Test
  void fp16RestoresFloat32Values() {
    short[] halves = {
        0x0000, 0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, 0x03FF, 0x7C00, (short) 0xFC00, (short) 0x8000, 0x0400};
    float[] expected = {
        0f, 1f, -2f, 0.5f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0x1p-14f};
    NdArray a = decode(fp16(halves, "float32", halves.length));
    assertEquals(DType.FLOAT32, a.dtype());
    assertArrayEquals(new int[] {halves.length}, a.shape());
    assertArrayEquals(expected, a.toFloatArray());
  }

  @Test
  void fp16NanStaysNan() {
    assertEquals(Float.NaN, decode(fp16(new short[] {0x7E00}, "float32", 1)).toFloatArray()[0]);
  }

  @Test
  void fp16KeepsShapeAndRestoresFloat64() {
    NdArray a = decode(fp16(new short[] {0x3C00, 0x4000, 0x4200, 0x4400, 0x4500, 0x4600}, "float64", 2, 3));
    assertEquals(DType.FLOAT64, a.dtype());
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.toDoubleArray());
  }

  @Test
  void fp16ScalarKeepsRankZero() {
    NdArray a = decode(fp16(new short[] {0x3800}, "float32"));
    assertArrayEquals(new int[0], a.shape());
    assertArrayEquals(new float[] {0.5f}, a.toFloatArray());
  }

  @Test
  void quantizedShapeNotMatchingTheValuesIsInvalidArgument() {
    FlowException e = assertThrows(FlowException.class, () -> decode(fp16(new short[] {0x3C00, 0x3C00}, "float32", 3)));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("index.docs[0].embedding"), e.getMessage());
    FlowException scalar = assertThrows(FlowException.class, () -> decode(uint8(new byte[] {1, 2}, 0f, 1f, "float32")));
    assertTrue(scalar.getMessage().contains("index.docs[0].embedding"), scalar.getMessage());
  }

  @Test
  void unknownOriginalDtypeIsInvalidArgument() {
    FlowException e = assertThrows(FlowException.class, () -> decode(fp16(new short[] {0x3C00}, "complex64", 1)));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("index.docs[0].embedding"), e.getMessage());
    assertTrue(e.getMessage().contains("complex64"), e.getMessage());
  }

  @Test
  void uint8RestoresValuesTimesScalePlusMin() {
    byte[] q = {0, 1, (byte) 127, (byte) 128, (byte) 255, 10};
    float min = -1.25f;
    float scale = 0.0078125f;
    NdArray a = decode(uint8(q, min, scale, "float32", 2, 3));
    assertEquals(DType.FLOAT32, a.dtype());
    assertArrayEquals(new int[] {2, 3}, a.shape());
    float[] expected = new float[q.length];
    for (int i = 0; i < q.length; i++) {
      expected[i] = (q[i] & 0xFF) * scale + min;
    }
    assertArrayEquals(expected, a.toFloatArray());
    assertEquals(-1.25f, a.toFloatArray()[0]);
    assertEquals(-1.25f + 255 * 0.0078125f, a.toFloatArray()[4]);
  }

  @Test
  void uint8RestoresFloat64() {
    NdArray a = decode(uint8(new byte[] {0, 2, 4}, 10f, 0.5f, "float64", 3));
    assertEquals(DType.FLOAT64, a.dtype());
    assertArrayEquals(new double[] {10, 11, 12}, a.toDoubleArray());
  }

  private static NdArray decode(DenseNdArrayProto dense) {
    RequestProto p = RequestProto.newBuilder().setRequestId("q").setIndex(RequestProto.IndexRequestProto.newBuilder()
        .addDocs(DocumentProto.newBuilder().setId("d").setEmbedding(NdArrayProto.newBuilder().setDense(dense)))).build();
    return ProtoCodec.decodeRequest(p).docs().get(0).embedding();
  }

  private static DenseNdArrayProto fp16(short[] halves, String originalDtype, int... shape) {
    ByteBuffer b = ByteBuffer.allocate(halves.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : halves) {
      b.putShort(h);
    }
    return withShape(DenseNdArrayProto.newBuilder().setBuffer(ByteString.copyFrom(b.array())).setDtype("<f2")
        .setQuantization(QuantizationMode.FP16).setOriginalDtype(originalDtype), shape);
  }

  private static DenseNdArrayProto uint8(byte[] q, float min, float scale, String originalDtype, int... shape) {
    return withShape(DenseNdArrayProto.newBuilder().setBuffer(ByteString.copyFrom(q)).setDtype("|u1")
        .setQuantization(QuantizationMode.UINT8).setMinVal(min).setScale(scale).setMaxVal(min + 256 * scale)
        .setOriginalDtype(originalDtype), shape);
  }

  private static DenseNdArrayProto withShape(DenseNdArrayProto.Builder b, int... shape) {
    for (int s : shape) {
      b.addShape(s);
    }
    return b.build();
  }
}
