package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.OnErrorStrategy;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorStrategyTest {

  /** boom (fails on tagged documents) -> next -> last, with {@code strategy} for every pod. */
  private static Flow flow(OnErrorStrategy strategy) {
    return Flow.builder().onErrorStrategy(strategy)
        .add("boom", TestExecutors.FailOnTag::new)
        .add("next", TestExecutors.PathTagger::new)
        .add("last", TestExecutors.PathTagger::new)
        .build().start();
  }

  private static Response failing(Flow f) {
    return f.index(List.of(Document.withId("x").tag("fail", true))).get(0);
  }

  private static Status.Code routeCode(Response r, String pod) {
    return r.routes().stream().filter(x -> x.pod().equals(pod)).findFirst().map(x -> x.status().code()).orElse(null);
  }

  @Test
  void ignoreRunsLaterPodsAsUsual() {
    try (Flow f = flow(OnErrorStrategy.IGNORE)) {
      Response r = failing(f);
      assertEquals(Status.Code.ERROR, r.status().code());
      assertEquals(Status.Code.ERROR, routeCode(r, "boom"));
      assertEquals(Status.Code.SUCCESS, routeCode(r, "next"));
      assertEquals(List.of("next", "last"), r.docs().get(0).tags().get("path"));
    }
  }

  @Test
  void skipExecutorSkipsLaterExecutorsButKeepsTheirRoutes() {
    try (Flow f = flow(OnErrorStrategy.SKIP_EXECUTOR)) {
      Response r = failing(f);
      assertEquals(Status.Code.ERROR, r.status().code());
      Route next = r.routes().stream().filter(x -> x.pod().equals("next")).findFirst().orElseThrow();
      assertEquals(Status.Code.SUCCESS, next.status().code());
      assertTrue(next.status().description().contains("skipped"), next.status().description());
      assertNull(r.docs().get(0).tags().get("path"), "no later executor touched the document");
      assertEquals(List.of("next", "last"), f.index(List.of(Document.ofText("fine"))).get(0).docs().get(0).tags().get("path"),
          "a request without error runs every executor");
    }
  }

  @Test
  void skipHandleMarksLaterPodsErrorChained() {
    try (Flow f = flow(OnErrorStrategy.SKIP_HANDLE)) {
      Response r = failing(f);
      assertEquals(Status.Code.ERROR, r.status().code());
      assertEquals(Status.Code.ERROR_CHAINED, routeCode(r, "next"));
      assertEquals(Status.Code.ERROR_CHAINED, routeCode(r, "last"));
      assertNull(r.docs().get(0).tags().get("path"));
      assertEquals(1, r.docs().size(), "the documents still come back");
    }
  }

  @Test
  void throwEarlyAnswersAtOnceWithoutRunningLaterPods() {
    try (Flow f = Flow.builder()
        .add(PodSpec.builder("boom").uses(TestExecutors.FailOnTag::new).onErrorStrategy(OnErrorStrategy.THROW_EARLY).build())
        .add("next", TestExecutors.PathTagger::new)
        .build().start()) {
      Response r = failing(f);
      assertTrue(r.isError());
      assertEquals(List.of("gateway", "boom"), r.routes().stream().map(Route::pod).collect(Collectors.toList()));
      assertNull(routeCode(r, "next"), "next never ran");
      assertFalse(f.index(List.of(Document.ofText("fine"))).get(0).isError(), "the Flow keeps serving");
    }
  }

  @Test
  void aPodsOwnStrategyOverridesTheFlowDefault() {
    try (Flow f = Flow.builder().onErrorStrategy(OnErrorStrategy.SKIP_HANDLE)
        .add("boom", TestExecutors.FailOnTag::new)
        .add(PodSpec.builder("stubborn").uses(TestExecutors.PathTagger::new).onErrorStrategy(OnErrorStrategy.IGNORE).build())
        .build().start()) {
      Response r = failing(f);
      assertEquals(Status.Code.SUCCESS, routeCode(r, "stubborn"));
      assertEquals(List.of("stubborn"), r.docs().get(0).tags().get("path"));
    }
  }
}
