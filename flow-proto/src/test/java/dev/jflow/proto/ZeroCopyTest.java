package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Arrays are wrapped, not copied, on the way out and viewed in place on the way in. Shown by writing to
 * the backing bytes afterwards: NdArray documents that such changes show through its views.
 */
class ZeroCopyTest {
  private static final int MILLION = 1_000_000;

  @Test
  void encodeCarriesTheArrayBytesUnchanged() {
    byte[] raw = new byte[MILLION * 4];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(7, 3.5f).put(MILLION - 1, -1f);
    NdArray embedding = NdArray.wrap(DType.FLOAT32, raw, 1000, 1000);
    Request r = Request.of(RequestType.INDEX, List.of(Document.withId("d").embedding(embedding)));

    ByteString buffer = ProtoCodec.encode(r).getIndex().getDocs(0).getEmbedding().getDense().getBuffer();
    assertEquals(raw.length, buffer.size());
    assertEquals(embedding.bytes(), buffer.asReadOnlyByteBuffer());
    assertEquals(3.5f, buffer.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat(7 * 4));
    assertEquals(-1f, buffer.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getFloat((MILLION - 1) * 4));
  }

  @Test
  void encodeWrapsTheArrayBytesWithoutCopying() {
    byte[] raw = new byte[MILLION * 4];
    NdArray embedding = NdArray.wrap(DType.FLOAT32, raw, 1000, 1000);
    NdArray blob = NdArray.wrap(DType.INT8, raw, raw.length);
    Request r = Request.of(RequestType.INDEX, List.of(Document.ofBlob(blob).embedding(embedding)));

    DocumentProto doc = ProtoCodec.encode(r).getIndex().getDocs(0);
    raw[123_456] = 42;
    assertEquals(42, doc.getEmbedding().getDense().getBuffer().byteAt(123_456),
        "the proto's buffer should be a view of the array's bytes");
    assertEquals(42, doc.getBlob().getDense().getBuffer().byteAt(123_456), "the proto's blob should be a view of the array's bytes");
  }

  @Test
  void aDecodedArrayIsReEncodedWithoutCopying() throws Exception {
    NdArray original = NdArray.of(new float[MILLION]);
    RequestProto wire = RequestProto.parseFrom(ProtoCodec.encode(Request.of(RequestType.INDEX,
        List.of(Document.withId("d").embedding(original)))).toByteArray());
    ByteString received = wire.getIndex().getDocs(0).getEmbedding().getDense().getBuffer();
    Request decoded = ProtoCodec.decodeRequest(wire);
    ByteString forwarded = ProtoCodec.encode(decoded).getIndex().getDocs(0).getEmbedding().getDense().getBuffer();
    byte[] backing = new byte[1];
    // a flat ByteString lends its array: forwarding shares the received bytes
    com.google.protobuf.UnsafeByteOperations.unsafeWriteTo(forwarded, new com.google.protobuf.ByteOutput() {
      @Override public void write(byte value) {}

      @Override public void write(byte[] value, int offset, int length) {}

      @Override public void writeLazy(byte[] value, int offset, int length) {
        backing[0] = 1;
        value[offset] = 9;
      }

      @Override public void write(java.nio.ByteBuffer value) {}

      @Override public void writeLazy(java.nio.ByteBuffer value) {}
    });
    assertEquals(1, backing[0]);
    assertEquals(9, received.byteAt(0), "the forwarded bytes are the received bytes, not a copy");
  }

  @Test
  void decodeViewsTheMessageBytesInPlace() {
    byte[] raw = new byte[MILLION * 4];
    RequestProto p = RequestProto.newBuilder().setRequestId("r").setSearch(RequestProto.SearchRequestProto.newBuilder()
        .addDocs(DocumentProto.newBuilder().setId("d").setEmbedding(dense(UnsafeByteOperations.unsafeWrap(raw), MILLION))))
        .build();

    NdArray embedding = ProtoCodec.decodeRequest(p).docs().get(0).embedding();
    assertEquals(DType.FLOAT32, embedding.dtype());
    assertTrue(embedding.bytes().isReadOnly());
    raw[4 * 999_999 + 3] = (byte) 0x3F;
    raw[4 * 999_999 + 2] = (byte) 0x80;
    assertEquals(1f, embedding.asFloatBuffer().get(999_999), "the array should view the message's bytes");
  }

  @Test
  void decodingAParsedMessageTwiceGivesEqualReadOnlyArrays() throws Exception {
    float[] values = new float[MILLION];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.5f - 1000f;
    }
    NdArray sent = NdArray.of(values, 1000, 1000);
    Request r = Request.of(RequestType.SEARCH, List.of(Document.withId("q").embedding(sent)));
    RequestProto parsed = RequestProto.parseFrom(ProtoCodec.encode(r).toByteArray());

    NdArray first = ProtoCodec.decodeRequest(parsed).docs().get(0).embedding();
    NdArray second = ProtoCodec.decodeRequest(parsed).docs().get(0).embedding();
    assertNotSame(first, second);
    assertEquals(sent, first);
    assertEquals(first, second);
    assertTrue(first.bytes().isReadOnly());
    assertEquals(parsed.getSearch().getDocs(0).getEmbedding().getDense().getBuffer().asReadOnlyByteBuffer(), first.bytes());
    assertEquals(-1000f + 0.5f * 999_999, first.asFloatBuffer().get(999_999));
  }

  private static NdArrayProto dense(ByteString buffer, int length) {
    return NdArrayProto.newBuilder()
        .setDense(DenseNdArrayProto.newBuilder().setBuffer(buffer).addShape(length).setDtype("<f4")).build();
  }
}
