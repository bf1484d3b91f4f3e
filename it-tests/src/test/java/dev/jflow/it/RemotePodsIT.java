package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.lifecycle.Startables;

/**
 * Scenario 1: a Flow in the test JVM (gRPC gateway) whose two pods run in containers as remote pods:
 * {@code encoder} with 2 replicas, each in its own container (two comma-separated addresses), and
 * {@code indexer} in a third. Every indexed document comes back encoded by a container, both encoder
 * replicas take a share, and every query finds its document first.
 */
@ExtendWith(DockerImageExtension.class)
class RemotePodsIT {
  private static final int DOCS = 120;

  @Test
  void indexesAndSearchesThroughPodsInContainers(JflowImage image) {
    Map<String, Object> dim = Map.of("dim", Corpus.DIM);
    try (JflowContainer encoder0 = JflowContainer.pod(image, "encoder-0", "encoder", "HashingTextEncoder", dim);
         JflowContainer encoder1 = JflowContainer.pod(image, "encoder-1", "encoder", "HashingTextEncoder", dim);
         JflowContainer indexer = JflowContainer.pod(image, "indexer", "indexer", "VectorIndexer", Map.of())) {
      Startables.deepStart(encoder0, encoder1, indexer).join();

      try (Flow flow = Flow.builder().name("remote-pods").protocol("grpc").host("127.0.0.1")
          .add(PodSpec.builder("encoder").uses(encoder0.grpcAddress() + "," + encoder1.grpcAddress()).replicas(2).build())
          .add("indexer", indexer.grpcAddress())
          .build().start()) {
        assertTrue(flow.status().ready(), () -> "not ready: " + flow.status());

        List<Response> indexed = flow.index(Inputs.of(Corpus.docs(0, DOCS)), CallOptions.builder().requestSize(4).build());
        Map<String, Document> back = new TreeMap<>();
        for (Response r : indexed) {
          assertFalse(r.isError(), () -> "index request " + r.requestId() + " failed: " + r.status());
          r.docs().forEach(d -> back.put(d.id(), d));
        }
        assertEquals(IntStream.range(0, DOCS).mapToObj(i -> "doc-" + i).sorted().collect(Collectors.toList()),
            List.copyOf(back.keySet()), "every indexed document comes back");
        back.forEach((id, d) -> {
          assertEquals(Corpus.text(Corpus.number(id)), d.text(), id + " keeps its text");
          assertTrue(d.embedding() != null && d.embedding().size() == Corpus.DIM,
              () -> id + " was not encoded to " + Corpus.DIM + " floats by a remote encoder: " + d.embedding());
        });

        FlowStatus.PodStatus enc = flow.status().pod("encoder");
        List<FlowStatus.ReplicaStatus> replicas = enc.replicas().stream().filter(r -> r.id().startsWith("replica")).toList();
        assertEquals(2, replicas.size(), () -> "encoder replicas: " + enc);
        replicas.forEach(r -> assertTrue(r.served() > 0, () -> "encoder " + r.id() + " (one container) served nothing: " + enc));

        List<Response> found = flow.search(Inputs.of(Corpus.queries(0, DOCS)), CallOptions.builder().topK(3).requestSize(10).build());
        Corpus.assertFound(found, IntStream.range(0, DOCS).boxed().toList(), 3);
      }
    }
  }
}
