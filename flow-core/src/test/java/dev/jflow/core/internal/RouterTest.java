package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.NdArray;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.api.spi.AsyncExecutor;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouterTest {

  @Test
  void parallelBranchesWorkOnTheirOwnCopiesAndTheJoinMergesThem() {
    try (Flow f = Flow.builder()
        .add("a", TestExecutors.PathTagger::new)
        .add(PodSpec.builder("b").uses(TestExecutors.PathTagger::new).needs("gateway").build())
        .add("after-b", () -> request -> request.docs().forEach(d -> d.embedding(NdArray.of(new float[] {1f}))))
        .needs("a", "after-b")
        .build().start()) {
      List<Response> rs = f.index(IntStream.range(0, 5).mapToObj(i -> Document.withId("d" + i).text("x")).collect(Collectors.toList()));
      Response r = rs.get(0);
      assertEquals(5, r.docs().size(), "documents are united by id, not duplicated");
      Document d = r.docs().get(0);
      assertEquals(List.of("a"), d.tags().get("path"), "branch a never saw branch b's changes");
      assertEquals(1f, d.embedding().toFloatArray()[0], "the join took the embedding branch b added");
      Set<String> pods = r.routes().stream().map(Route::pod).collect(Collectors.toSet());
      assertEquals(Set.of("gateway", "a", "b", "after-b", "joiner"), pods);
    }
  }

  @Test
  void aJoinUnderManyConcurrentRequestsNeverMixesRequests() throws Exception {
    try (Flow f = Flow.builder()
        .add("left", TestExecutors.PathTagger::new)
        .add(PodSpec.builder("right").uses(TestExecutors.PathTagger::new).needs("gateway").build())
        .needs("left", "right")
        .build().start()) {
      List<CompletableFuture<List<Response>>> calls = IntStream.range(0, 8).mapToObj(c -> f.async().index(
          Inputs.of(IntStream.range(0, 64).mapToObj(i -> Document.withId(c + "-" + i)).collect(Collectors.toList())),
          CallOptions.builder().requestSize(1).build())).collect(Collectors.toList());
      for (int c = 0; c < calls.size(); c++) {
        List<Response> rs = calls.get(c).get(30, TimeUnit.SECONDS);
        assertEquals(64, rs.size());
        for (Response r : rs) {
          assertEquals(1, r.docs().size(), "each response holds exactly its own request's document");
          assertTrue(r.docs().get(0).id().startsWith(c + "-"));
        }
      }
    }
  }

  @Test
  void aFailedPodMarksItsRouteAndLaterPodsStillRun() {
    try (Flow f = Flow.builder().add("guard", TestExecutors.FailOnTag::new).add("tagger", TestExecutors.PathTagger::new).build().start()) {
      Response r = f.index(List.of(Document.ofText("x").tag("fail", true))).get(0);
      assertEquals(Status.Code.ERROR, r.status().code());
      assertTrue(r.status().description().contains("pod 'guard' failed"), r.status().description());
      List<Route> routes = r.routes();
      assertEquals(Status.Code.ERROR, routes.get(1).status().code());
      assertEquals(Status.Code.SUCCESS, routes.get(2).status().code());
      assertEquals(List.of("tagger"), r.docs().get(0).tags().get("path"));
      assertTrue(!routes.get(1).end().isBefore(routes.get(1).start()), "routes carry start and end times");
    }
  }

  @Test
  void asyncExecutorsHoldTheirLaneUntilTheyComplete() {
    try (Flow f = Flow.builder().add("later", () -> (AsyncExecutor) request -> CompletableFuture.runAsync(
        () -> request.docs().forEach(d -> d.tag("async", true)), CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))).build().start()) {
      List<Response> rs = f.index(Inputs.of(IntStream.range(0, 20).mapToObj(i -> Document.ofText("x")).collect(Collectors.toList())),
          CallOptions.builder().requestSize(2).build());
      assertTrue(rs.stream().flatMap(r -> r.docs().stream()).allMatch(d -> Boolean.TRUE.equals(d.tags().get("async"))));
    }
  }

  @Test
  void anAsyncExecutorThatFailsIsReportedLikeAThrowingOne() {
    try (Flow f = Flow.builder().add("boom", () -> (AsyncExecutor) request ->
        CompletableFuture.failedFuture(new java.io.IOException("index offline"))).build().start()) {
      Response r = f.index(List.of(Document.ofText("x"))).get(0);
      assertEquals(Status.Code.ERROR, r.status().code());
      assertEquals("java.io.IOException", r.routes().get(1).status().exception().name());
    }
  }
}
