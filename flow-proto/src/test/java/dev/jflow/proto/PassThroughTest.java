package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.jflow.api.FlowException;
import dev.jflow.api.Request;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.DenseNdArrayProto.QuantizationMode;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Documents nobody read go out as the protos they came in as: decoded only when used, checked against
 * the limits when the message is decoded all the same.
 */
class PassThroughTest {

  private static DocumentProto fp16Doc(String id) {
    DenseNdArrayProto dense = DenseNdArrayProto.newBuilder().setBuffer(ByteString.copyFrom(new byte[] {0, 60, 0, 64}))
        .setQuantization(QuantizationMode.FP16).setOriginalDtype("float32").addShape(2).build();
    return DocumentProto.newBuilder().setId(id).setEmbedding(NdArrayProto.newBuilder().setDense(dense)).build();
  }

  private static RequestProto index(DocumentProto... docs) {
    return RequestProto.newBuilder().setRequestId("r1")
        .setIndex(RequestProto.IndexRequestProto.newBuilder().addAllDocs(List.of(docs))).build();
  }

  @Test
  void untouchedDocumentsAreEncodedAsTheProtosThatCame() {
    RequestProto in = index(fp16Doc("a"), fp16Doc("b"));
    Request r = ProtoCodec.decodeRequest(in, DecodeLimits.defaults());
    assertEquals(2, r.docs().size());
    RequestProto out = ProtoCodec.encode(Response.of(r, Status.SUCCESS, List.of()));
    assertSame(in.getIndex().getDocs(0), out.getIndex().getDocs(0), "the very proto, not a re-encoding");
    assertEquals(QuantizationMode.FP16, out.getIndex().getDocs(1).getEmbedding().getDense().getQuantization());
  }

  @Test
  void documentsReadAreEncodedAgain() {
    RequestProto in = index(fp16Doc("a"));
    Request r = ProtoCodec.decodeRequest(in, DecodeLimits.defaults());
    assertEquals(2, r.docs().get(0).embedding().shape()[0]); // decoded: FP16 restored to float32
    r.docs().get(0).tags().put("seen", true);
    DocumentProto out = ProtoCodec.encode(r).getIndex().getDocs(0);
    assertNotSame(in.getIndex().getDocs(0), out);
    assertEquals(QuantizationMode.NONE, out.getEmbedding().getDense().getQuantization());
    assertEquals(8, out.getEmbedding().getDense().getBuffer().size());
    assertEquals(true, out.getTags().getFieldsOrThrow("seen").getBoolValue());
  }

  @Test
  void documentsWithoutAnIdGetOneIdForGood() {
    DocumentProto chunkless = DocumentProto.newBuilder().setId("outer").addChunks(DocumentProto.newBuilder().setText("no id")).build();
    RequestProto in = index(DocumentProto.newBuilder().setText("q").build(), chunkless);
    Request r = ProtoCodec.decodeRequest(in, DecodeLimits.defaults());
    Request copy = Request.builder(r.type()).docs(dev.jflow.api.internal.DocumentList.copyOf(r.docs())).build();
    String id = r.docs().get(0).id();
    assertEquals(false, id.isEmpty());
    assertEquals(id, copy.docs().get(0).id(), "a copy (another shard) sees the same id, so merges unite them");
    assertEquals(r.docs().get(1).chunks().get(0).id(), copy.docs().get(1).chunks().get(0).id());
    assertEquals(id, ProtoCodec.encode(r).getIndex().getDocs(0).getId(), "and so does the client");
  }

  @Test
  void limitsAndInvalidDocumentsFailWhenTheMessageIsDecoded() {
    RequestProto many = index(fp16Doc("a"), fp16Doc("b"), fp16Doc("c"));
    FlowException over = assertThrows(FlowException.class,
        () -> ProtoCodec.decodeRequest(many, DecodeLimits.builder().maxDocuments(2).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, over.code());

    DocumentProto bad = DocumentProto.newBuilder().setId("bad").setEmbedding(NdArrayProto.newBuilder().setDense(
        DenseNdArrayProto.newBuilder().setBuffer(ByteString.copyFrom(new byte[3])).setDtype("<f4").addShape(1))).build();
    DocumentProto nested = DocumentProto.newBuilder().setId("outer").addChunks(bad).build();
    FlowException invalid = assertThrows(FlowException.class, () -> ProtoCodec.decodeRequest(index(fp16Doc("ok"), nested)));
    assertEquals(Status.Code.INVALID_ARGUMENT, invalid.code());
    assertEquals(true, invalid.getMessage().contains("index.docs[1].chunks[0].embedding"), invalid.getMessage());
  }
}
