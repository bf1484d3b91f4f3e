package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.InspectMode;
import dev.jflow.api.NamedScore;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InspectTest {

  /** encoder -> inspect("eval") -> indexer; the evaluator adds an evaluation to each document. */
  private static FlowBuilder<Flow> flow(InspectMode mode) {
    return Flow.builder().inspectMode(mode)
        .add("encoder", TestExecutors.PathTagger::new)
        .inspect("eval", () -> r -> r.docs().forEach(d -> d.evaluations().add(NamedScore.of(1f, "precision"))))
        .add("indexer", TestExecutors.PathTagger::new);
  }

  private static Set<String> pods(Response r) {
    return r.routes().stream().map(Route::pod).collect(Collectors.toSet());
  }

  @Test
  void collectJoinsTheInspectorWithTheEndSoResponsesCarryItsWork() {
    assertEquals(Set.of("encoder", "eval", "_aux_eval", "indexer", "gather_inspect"), Topology.of(flow(InspectMode.COLLECT).spec()).pods().keySet());
    try (Flow f = flow(InspectMode.COLLECT).build().start()) {
      Response r = f.index(List.of(Document.withId("d"))).get(0);
      assertEquals(Set.of("gateway", "encoder", "eval", "_aux_eval", "indexer", "gather_inspect"), pods(r));
      Document d = r.docs().get(0);
      assertEquals(List.of("encoder", "indexer"), d.tags().get("path"), "the main path never saw the inspector's copy");
      assertEquals(1, d.evaluations().size(), "the gathered response carries the evaluation");
    }
  }

  @Test
  void hangLeavesTheInspectorOffTheResponsePath() throws Exception {
    CountDownLatch inspected = new CountDownLatch(1);
    Topology t = Topology.of(flow(InspectMode.HANG).spec());
    assertEquals(List.of("indexer"), t.ends(), "responses wait only for the main path");
    try (Flow f = Flow.builder().inspectMode(InspectMode.HANG)
        .add("encoder", TestExecutors.PathTagger::new)
        .inspect("eval", () -> r -> inspected.countDown())
        .add("indexer", TestExecutors.PathTagger::new)
        .build().start()) {
      Response r = f.index(List.of(Document.withId("d"))).get(0);
      assertEquals(List.of("encoder", "indexer"), r.docs().get(0).tags().get("path"));
      assertTrue(inspected.await(10, TimeUnit.SECONDS), "the hanging inspector still ran");
    }
  }

  @Test
  void removeDropsTheInspector() {
    assertFalse(Topology.of(flow(InspectMode.REMOVE).spec()).pods().containsKey("eval"));
    try (Flow f = flow(InspectMode.REMOVE).build().start()) {
      Response r = f.index(List.of(Document.withId("d"))).get(0);
      assertFalse(pods(r).contains("eval"));
      assertTrue(r.docs().get(0).evaluations().isEmpty());
    }
  }

  @Test
  void gatherInspectJoinsInspectorsWhereTheUserSays() {
    Topology t = Topology.of(Flow.builder()
        .add("encoder")
        .inspect("eval1", "_pass")
        .add("indexer")
        .inspect("eval2", "_pass")
        .gatherInspect()
        .add("ranker").spec());
    assertEquals(List.of("_aux_eval2", "eval1", "eval2"), t.pods().get("gather_inspect").needs());
    assertEquals(List.of("ranker"), t.ends());
  }
}
