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
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.SparseNdArrayProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed arrays and requests fail with INVALID_ARGUMENT naming where the problem is. */
class BadInputTest {
  private static final DocumentProto GOOD = DocumentProto.newBuilder().setId("ok")
      .setEmbedding(dense("<f4", new byte[8], 2)).build();

  @Test
  void bufferLengthNotMatchingShapeAndDtype() {
    RequestProto p = search(GOOD, DocumentProto.newBuilder().setId("bad").setEmbedding(dense("<f4", new byte[20], 2, 3)).build());
    String message = assertInvalid(p);
    assertTrue(message.contains("search.docs[1].embedding"), message);
    assertTrue(message.contains("24"), "should name the expected byte count: " + message);
    assertTrue(message.contains("20"), "should name the actual byte count: " + message);
  }

  @Test
  void pathNamesNestedChunksAndMatches() {
    DocumentProto match = DocumentProto.newBuilder().setId("m").setBlob(dense("float64", new byte[7], 1)).build();
    DocumentProto chunk = DocumentProto.newBuilder().setId("c").addMatches(match).build();
    DocumentProto doc = DocumentProto.newBuilder().setId("d").addChunks(DocumentProto.getDefaultInstance()).addChunks(chunk).build();
    RequestProto p = RequestProto.newBuilder().setRequestId("r")
        .setIndex(RequestProto.IndexRequestProto.newBuilder().addDocs(GOOD).addGroundtruths(doc)).build();
    String message = assertInvalid(p);
    assertTrue(message.contains("index.groundtruths[0].chunks[1].matches[0].blob"), message);
  }

  @Test
  void bigEndianDtypeIsRejected() {
    String message = assertInvalid(search(GOOD, DocumentProto.newBuilder().setId("be").setEmbedding(dense(">f4", new byte[8], 2)).build()));
    assertTrue(message.contains("search.docs[1].embedding"), message);
    assertTrue(message.contains(">f4"), message);
    assertTrue(message.contains("big-endian"), message);
  }

  @Test
  void unknownDtypeIsRejected() {
    DocumentProto blob = DocumentProto.newBuilder().setId("c").setBlob(dense("complex128", new byte[16], 1)).build();
    String message = assertInvalid(search(blob));
    assertTrue(message.contains("search.docs[0].blob"), message);
    assertTrue(message.contains("complex128"), message);
  }

  @Test
  void sparseArraysAreRejected() {
    NdArrayProto sparse = NdArrayProto.newBuilder().setSparse(SparseNdArrayProto.newBuilder()
        .setIndices(dense("<i8", new byte[16], 1, 2).getDense()).setValues(dense("<f4", new byte[4], 1).getDense())
        .addDenseShape(10).addDenseShape(10)).build();
    String message = assertInvalid(search(GOOD, GOOD, DocumentProto.newBuilder().setId("s").setEmbedding(sparse).build()));
    assertTrue(message.contains("search.docs[2].embedding"), message);
    assertTrue(message.contains("sparse"), message);
  }

  @Test
  void requestWithoutBodyIsRejected() {
    String message = assertInvalid(RequestProto.newBuilder().setRequestId("no-body-42").build());
    assertTrue(message.contains("no-body-42"), message);
    FlowException e = assertThrows(FlowException.class,
        () -> ProtoCodec.decodeResponse(RequestProto.newBuilder().setRequestId("no-body-43").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("no-body-43"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
      "float32, FLOAT32", "<f4, FLOAT32", "f4, FLOAT32", "=f4, FLOAT32", "<f8, FLOAT64", "float64, FLOAT64",
      "<i8, INT64", "int64, INT64", "<i4, INT32", "int32, INT32", "<i2, INT16", "|i1, INT8", "int8, INT8",
      "|u1, UINT8", "uint8, UINT8", "<f2, FLOAT16", "float16, FLOAT16", "|b1, BOOL", "bool, BOOL"})
  void numpyNamesAndCodesAreAccepted(String dtype, DType expected) {
    byte[] bytes = new byte[3 * expected.itemSize()];
    bytes[0] = 1;
    NdArray a = ProtoCodec.decodeRequest(search(DocumentProto.newBuilder().setId("x").setEmbedding(dense(dtype, bytes, 3)).build()))
        .docs().get(0).embedding();
    assertEquals(expected, a.dtype());
    assertArrayEquals(new int[] {3}, a.shape());
    assertEquals(NdArray.wrap(expected, bytes, 3), a);
  }

  @Test
  void emptyDtypeMeansFloat32() {
    NdArray a = ProtoCodec.decodeRequest(search(DocumentProto.newBuilder().setId("x").setEmbedding(dense("", new byte[8], 2)).build()))
        .docs().get(0).embedding();
    assertEquals(DType.FLOAT32, a.dtype());
  }

  /** Decodes {@code p} as request and as response; both must fail the same way. Returns the message. */
  private static String assertInvalid(RequestProto p) {
    FlowException e = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(p));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
    FlowException r = assertThrows(FlowException.class, () -> ProtoCodec.decodeResponse(p));
    assertEquals(e.getMessage(), r.getMessage());
    assertEquals(e.getMessage(), e.status().toString());
    return e.status().description();
  }

  private static RequestProto search(DocumentProto... docs) {
    RequestProto.SearchRequestProto.Builder b = RequestProto.SearchRequestProto.newBuilder();
    for (DocumentProto d : docs) {
      b.addDocs(d);
    }
    return RequestProto.newBuilder().setRequestId("req-1").setSearch(b).build();
  }

  static NdArrayProto dense(String dtype, byte[] buffer, int... shape) {
    DenseNdArrayProto.Builder d = DenseNdArrayProto.newBuilder().setDtype(dtype).setBuffer(ByteString.copyFrom(buffer));
    for (int s : shape) {
      d.addShape(s);
    }
    return NdArrayProto.newBuilder().setDense(d).build();
  }
}
