package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Random requests and responses setting every model field survive encoding, directly and through bytes. */
class CodecPropertyTest {

  @ParameterizedTest
  @EnumSource(value = RequestType.class, names = {"INDEX", "SEARCH", "TRAIN", "UPDATE", "DELETE"})
  void requestsRoundTrip(RequestType type) throws Exception {
    for (long seed : RandomModel.SEEDS) {
      Request r = new RandomModel(seed).request(type);
      RequestProto encoded = ProtoCodec.encode(r);
      RequestProto parsed = RequestProto.parseFrom(encoded.toByteArray());
      String where = "seed " + seed + ", " + type;
      assertEquals(encoded, parsed, where + ": proto changed through bytes");
      assertCarried(r, ProtoCodec.decodeRequest(encoded), where + " (decoded directly)");
      assertCarried(r, ProtoCodec.decodeRequest(parsed), where + " (decoded from bytes)");
    }
  }

  @ParameterizedTest
  @EnumSource(value = RequestType.class, names = {"INDEX", "SEARCH", "TRAIN", "UPDATE", "DELETE"})
  void responsesRoundTrip(RequestType type) throws Exception {
    for (long seed : RandomModel.SEEDS) {
      Response r = new RandomModel(seed).response(type);
      RequestProto encoded = ProtoCodec.encode(r);
      String where = "seed " + seed + ", " + type;
      assertEquals(r, ProtoCodec.decodeResponse(encoded), where + " (decoded directly)");
      Response fromBytes = ProtoCodec.decodeResponse(RequestProto.parseFrom(encoded.toByteArray()));
      assertEquals(r.status(), fromBytes.status(), where + ": status");
      assertEquals(r.routes(), fromBytes.routes(), where + ": routes");
      assertEquals(r, fromBytes, where + " (decoded from bytes)");
    }
  }

  /** The document codec on its own, as the executors' stores use it: every field survives, through bytes too. */
  @Test
  void documentsRoundTrip() throws Exception {
    for (long seed : RandomModel.SEEDS) {
      Document d = new RandomModel(seed).document(0);
      DocumentProto encoded = ProtoCodec.encode(d);
      assertEquals(d, ProtoCodec.decodeDocument(encoded), "seed " + seed + " (decoded directly)");
      assertEquals(d, ProtoCodec.decodeDocument(DocumentProto.parseFrom(encoded.toByteArray())), "seed " + seed + " (from bytes)");
    }
  }

  @Test
  void searchTopKTravelsAsParameterAndQueryset() {
    for (long seed : RandomModel.SEEDS) {
      Request r = new RandomModel(seed).request(RequestType.SEARCH);
      if (r.parameters().containsKey(Request.TOP_K)) {
        RequestProto p = ProtoCodec.encode(r);
        assertEquals(2, p.getQuerysetCount(), "seed " + seed);
        assertEquals(r.topK(-1), ProtoCodec.decodeRequest(p.toBuilder().clearParameters().build()).topK(-1),
            "seed " + seed + ": top_k from the queryset alone");
      }
    }
  }

  /** The seeds exercise every dtype, rank, content kind, JSON type, nesting depth and status code. */
  @Test
  void seedsCoverEveryFeature() {
    Set<String> seen = new TreeSet<>();
    for (long seed : RandomModel.SEEDS) {
      RandomModel m = new RandomModel(seed);
      for (RequestType type : new RequestType[] {RequestType.INDEX, RequestType.SEARCH}) {
        m.response(type);
      }
      seen.addAll(m.seen);
    }
    Set<String> expected = new TreeSet<>(Set.of("content:none", "content:text", "content:buffer", "content:blob",
        "json:null", "json:string", "json:number", "json:boolean", "json:map", "json:list", "zero-size",
        "score:operands", "evaluations", "status:exception", "top_k"));
    for (DType t : DType.values()) {
      expected.add("dtype:" + t);
    }
    for (int i = 0; i <= RandomModel.MAX_DEPTH; i++) {
      expected.add("depth:" + i);
      expected.add("rank:" + i);
    }
    for (int i = 0; i < 7; i++) {
      expected.add("status:" + Status.Code.fromWire(i));
    }
    expected.removeAll(seen);
    assertTrue(expected.isEmpty(), "features never generated: " + expected);
  }

  private static void assertCarried(Request sent, Request got, String where) {
    RequestType type = sent.type();
    assertEquals(type, got.type(), where + ": type");
    assertEquals(sent.id(), got.id(), where + ": id");
    assertEquals(RandomModel.carriedDocs(type, sent.docs()), got.docs(), where + ": docs");
    assertEquals(RandomModel.carriedGroundtruths(type, sent.groundtruths()), got.groundtruths(), where + ": groundtruths");
    assertEquals(RandomModel.carriedIds(type, sent.ids()), got.ids(), where + ": ids");
    assertEquals(sent.parameters(), got.parameters(), where + ": parameters");
  }
}
