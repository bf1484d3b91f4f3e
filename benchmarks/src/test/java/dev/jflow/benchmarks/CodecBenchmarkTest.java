package dev.jflow.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.proto.ProtoCodec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

class CodecBenchmarkTest {

  @Test
  void theBaselineWritesTheSameBytesAsJflowsCodec() {
    List<Payloads.Doc> docs = Payloads.docs(20, 16, 1);
    Request request = Request.builder(RequestType.INDEX).id("r1").docs(Payloads.documents(docs)).build();

    assertArrayEquals(ProtoCodec.encode(request).toByteArray(), Payloads.indexRequest("r1", docs).toByteArray());
  }

  @Test
  void everyBenchmarkMethodRunsOnTheDefaultPayload() throws Exception {
    CodecBenchmark b = new CodecBenchmark();
    b.shape = "100x128";
    b.setUp();

    byte[] jflow = b.jflowEncode();
    assertArrayEquals(jflow, b.protobufEncode());
    Request decoded = b.jflowDecode();
    assertEquals(100, decoded.docs().size());
    assertEquals(128, decoded.docs().get(99).embedding().size());
    b.protobufDecode(new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
  }

  @Test
  void requestsAreCutBySizeWithTheLastOneShort() {
    List<Payloads.Doc> docs = Payloads.docs(25, 4, 3);
    var requests = Payloads.indexRequests(docs, 10, 7);

    assertEquals(3, requests.size());
    assertEquals(5, requests.get(2).getIndex().getDocsCount());
    assertEquals(docs.get(20).id(), requests.get(2).getIndex().getDocs(0).getId());
  }
}
