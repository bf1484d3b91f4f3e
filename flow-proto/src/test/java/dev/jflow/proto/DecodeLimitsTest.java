package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.sun.management.ThreadMXBean;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.DenseNdArrayProto.QuantizationMode;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Quantized arrays and document trees are checked against their limits before anything is allocated for them. */
class DecodeLimitsTest {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void defaultsAreStated() {
    assertEquals(256L * 1024 * 1024, DecodeLimits.defaults().maxArrayBytes());
    assertEquals(100_000, DecodeLimits.defaults().maxDocuments());
    assertEquals(4L * 1000, DecodeLimits.forMessageSize(1000).maxArrayBytes());
    assertEquals(100_000, DecodeLimits.forMessageSize(1000).maxDocuments());
    assertThrows(IllegalArgumentException.class, () -> DecodeLimits.forMessageSize(0));
    assertThrows(IllegalArgumentException.class, () -> DecodeLimits.builder().maxDocuments(-1));
  }

  @Test
  void aQuantizedShapeClaimingMoreThanItsBufferFailsWithoutAllocating() {
    DenseNdArrayProto lie = uint8(new byte[16], "float64", 65536, 65536);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(index(doc("d", lie))));
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    String m = e.status().description();
    assertTrue(m.contains("index.docs[0].embedding") && m.contains("[65536, 65536]") && m.contains("4294967296")
        && m.contains("16 bytes"), m);
    assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes");
  }

  @Test
  void anFp16BufferOfOddLengthIsInvalid() {
    DenseNdArrayProto odd = DenseNdArrayProto.newBuilder().setBuffer(ByteString.copyFrom(new byte[3])).setDtype("<f2")
        .setQuantization(QuantizationMode.FP16).setOriginalDtype("float32").addShape(1).build();
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(index(doc("d", odd))));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("3 bytes"), e.getMessage());
  }

  @Test
  void aUint8ArrayRestoredToFloat64OverTheDefaultLimitFailsBeforeExpanding() {
    // 40 MiB of uint8 would be 320 MiB of float64, over the default 256 MiB.
    int n = 40 << 20;
    RequestProto p = index(doc("d", uint8(new byte[n], "float64", 1024, n / 1024)));
    long before = THREADS.getCurrentThreadAllocatedBytes();
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(p));
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    String m = e.status().description();
    assertTrue(m.contains("index.docs[0].embedding") && m.contains("maxArrayBytes") && m.contains("268435456")
        && m.contains(String.valueOf(8L * n)), m);
    assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes");
  }

  @Test
  void arrayBytesAddUpOverTheRequest() {
    DecodeLimits limits = DecodeLimits.builder().maxArrayBytes(1000).build();
    RequestProto fits = index(doc("a", uint8(new byte[100], "float32", 100)), doc("b", uint8(new byte[150], "float32", 150)));
    assertEquals(2, ProtoCodec.decodeRequest(fits, limits).docs().size());
    RequestProto over = index(doc("a", uint8(new byte[100], "float32", 100)), doc("b", uint8(new byte[151], "float32", 151)));
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(over, limits));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertTrue(e.getMessage().contains("index.docs[1].embedding") && e.getMessage().contains("1000"), e.getMessage());
    assertEquals(2, ProtoCodec.decodeResponse(over).docs().size(), "responses are not limited by default");
  }

  @Test
  void documentsAreCountedThroughChunksAndMatches() {
    DocumentProto tree = DocumentProto.newBuilder().setId("root")
        .addChunks(DocumentProto.newBuilder().setId("c").addMatches(DocumentProto.newBuilder().setId("m")))
        .addMatches(DocumentProto.newBuilder().setId("m2")).build();
    DecodeLimits four = DecodeLimits.builder().maxDocuments(4).build();
    Request r = ProtoCodec.decodeRequest(index(tree), four);
    assertEquals(1, r.docs().size());
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(index(tree, DocumentProto.getDefaultInstance()), four));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertTrue(e.getMessage().contains("maxDocuments is 4") && e.getMessage().contains("index.docs[1]"), e.getMessage());
  }

  @Test
  void aHundredThousandDocumentsPassTheDefaultsAndOneMoreDoesNot() {
    RequestProto.IndexRequestProto.Builder body = RequestProto.IndexRequestProto.newBuilder();
    for (int i = 0; i < 100_000; i++) {
      body.addDocs(DocumentProto.getDefaultInstance());
    }
    assertEquals(100_000, ProtoCodec.decodeRequest(RequestProto.newBuilder().setIndex(body).build()).docs().size());
    body.addDocs(DocumentProto.getDefaultInstance());
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(RequestProto.newBuilder().setIndex(body).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertTrue(e.getMessage().contains("100000"), e.getMessage());
  }

  private static DocumentProto doc(String id, DenseNdArrayProto embedding) {
    return DocumentProto.newBuilder().setId(id).setEmbedding(NdArrayProto.newBuilder().setDense(embedding)).build();
  }

  private static RequestProto index(DocumentProto... docs) {
    RequestProto.IndexRequestProto.Builder b = RequestProto.IndexRequestProto.newBuilder();
    for (DocumentProto d : docs) {
      b.addDocs(d);
    }
    return RequestProto.newBuilder().setRequestId("r").setIndex(b).build();
  }

  private static DenseNdArrayProto uint8(byte[] q, String originalDtype, int... shape) {
    DenseNdArrayProto.Builder b = DenseNdArrayProto.newBuilder().setBuffer(ByteString.copyFrom(q)).setDtype("|u1")
        .setQuantization(QuantizationMode.UINT8).setMinVal(0).setScale(1).setOriginalDtype(originalDtype);
    for (int s : shape) {
      b.addShape(s);
    }
    return b.build();
  }
}
