package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.jflow.api.Document;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.QueryLangProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A search's top_k as Jina 1.x clients send it: queryset entries, no {@code parameters}. */
class QuerysetTest {

  @Test
  void jinaClientSearchDecodesToTopK() {
    Request r = ProtoCodec.decodeRequest(jinaSearch(slice(7, false), vectorSearch(7, false)));
    assertEquals(RequestType.SEARCH, r.type());
    assertEquals(7, r.topK(-1));
    assertEquals("q1", r.docs().get(0).text());
  }

  @Test
  void vectorSearchDriverWinsOverSliceQl() {
    assertEquals(5, ProtoCodec.decodeRequest(jinaSearch(slice(9, false), vectorSearch(5, false))).topK(-1));
    assertEquals(5, ProtoCodec.decodeRequest(jinaSearch(vectorSearch(5, false), slice(9, false))).topK(-1));
  }

  @Test
  void sliceQlAloneSetsTopK() {
    assertEquals(3, ProtoCodec.decodeRequest(jinaSearch(slice(3, false))).topK(-1));
  }

  @Test
  void disabledEntriesAreIgnored() {
    assertEquals(4, ProtoCodec.decodeRequest(jinaSearch(vectorSearch(8, true), slice(4, false))).topK(-1));
    Request none = ProtoCodec.decodeRequest(jinaSearch(vectorSearch(8, true), slice(4, true)));
    assertEquals(-1, none.topK(-1));
    assertFalse(none.parameters().containsKey(Request.TOP_K));
  }

  @Test
  void noQuerysetLeavesTopKUnset() {
    Request r = ProtoCodec.decodeRequest(jinaSearch());
    assertFalse(r.parameters().containsKey(Request.TOP_K));
    assertTrue(r.parameters().isEmpty());
  }

  @Test
  void plainParameterWinsOverQueryset() {
    RequestProto p = jinaSearch(slice(9, false), vectorSearch(5, false)).toBuilder()
        .setParameters(Struct.newBuilder().putFields(Request.TOP_K, number(11))).build();
    assertEquals(11, ProtoCodec.decodeRequest(p).topK(-1));
  }

  @Test
  void encodingTopKWritesBothJinaEntries() {
    Request r = Request.builder(RequestType.SEARCH).docs(List.of(Document.ofText("q")))
        .parameters(Map.of(Request.TOP_K, 12)).build();
    RequestProto p = ProtoCodec.encode(r);

    assertEquals(List.of(slice(12, false), vectorSearch(12, false)), p.getQuerysetList());
    for (QueryLangProto q : p.getQuerysetList()) {
      assertEquals(1, q.getPriority());
      assertFalse(q.getDisabled());
    }
    assertEquals(12, ProtoCodec.decodeRequest(p).topK(-1));
  }

  @Test
  void encodingWithoutTopKWritesNoQueryset() {
    Request r = Request.of(RequestType.SEARCH, List.of(Document.ofText("q")));
    assertEquals(0, ProtoCodec.encode(r).getQuerysetCount());
  }

  /** A search request as Jina 1.x's Python client builds it for {@code search(top_k=k)}. */
  private static RequestProto jinaSearch(QueryLangProto... queryset) {
    return RequestProto.newBuilder().setRequestId("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
        .setSearch(RequestProto.SearchRequestProto.newBuilder().addDocs(DocumentProto.newBuilder().setId("d1").setText("q1")))
        .addAllQueryset(List.of(queryset)).build();
  }

  private static QueryLangProto slice(int end, boolean disabled) {
    return entry("SliceQL", "end", end, disabled);
  }

  private static QueryLangProto vectorSearch(int topK, boolean disabled) {
    return entry("VectorSearchDriver", "top_k", topK, disabled);
  }

  private static QueryLangProto entry(String name, String key, int k, boolean disabled) {
    return QueryLangProto.newBuilder().setName(name).setPriority(1).setDisabled(disabled)
        .setParameters(Struct.newBuilder().putFields(key, number(k))).build();
  }

  private static Value number(double v) {
    return Value.newBuilder().setNumberValue(v).build();
  }
}
