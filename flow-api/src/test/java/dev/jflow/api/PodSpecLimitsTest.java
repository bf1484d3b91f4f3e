package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PodSpecLimitsTest {

  @Test
  void defaultsBoundTheQueue() {
    PodSpec p = PodSpec.builder("p").build();
    assertEquals(1000, p.maxQueue());
    assertEquals(256L << 20, p.maxQueueBytes());
  }

  @Test
  void replicasAboveTheCapAreReportedWithTheOtherProblems() {
    FlowException e = assertThrows(FlowException.class,
        () -> PodSpec.builder("wide").replicas(300).shards(0).maxQueue(-1).maxQueueBytes(-5).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    String m = e.getMessage();
    assertTrue(m.contains("pod 'wide': replicas must be at most 64 (PodSpec.MAX_REPLICAS), got 300; add shards to go beyond"), m);
    assertTrue(m.contains("shards must be at least 1, got 0"), m);
    assertTrue(m.contains("maxQueue must be 0 (never wait) or more, got -1"), m);
    assertTrue(m.contains("maxQueueBytes must be 0 (never wait) or more, got -5"), m);
    assertEquals(64, PodSpec.builder("max").replicas(PodSpec.MAX_REPLICAS).build().replicas());
  }

  @Test
  void aRequestsEstimatedSizeCountsTextBuffersArraysAndNestedDocuments() {
    Document plain = Document.withId("a");
    long base = plain.estimatedBytes();
    Document rich = Document.withId("a").text("x".repeat(1000)).embedding(NdArray.of(new float[256]));
    rich.chunks().add(Document.withId("a").buffer(new byte[4096]));
    rich.chunks().get(0).matches().add(Document.withId("a").text("y".repeat(500)));
    assertEquals(base + 2000 + 1024 + (base + 4096) + (base + 1000), rich.estimatedBytes());
    Request r = Request.of(RequestType.INDEX, java.util.List.of(rich, plain));
    assertTrue(r.estimatedBytes() >= rich.estimatedBytes() + base, "a request counts all its documents");
  }
}
