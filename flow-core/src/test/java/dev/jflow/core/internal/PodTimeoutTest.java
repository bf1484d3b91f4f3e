package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PodTimeoutTest {

  @Test
  void aRequestOverThePodTimeoutFailsNamingThePodAndOthersGoOn() {
    CountDownLatch release = new CountDownLatch(1);
    try (Flow f = Flow.builder().add(PodSpec.builder("sluggish").replicas(2).timeout(Duration.ofMillis(300))
        .uses(() -> request -> {
          if (request.docs().get(0).tags().containsKey("slow")) {
            release.await(20, TimeUnit.SECONDS);
          }
        }).build()).build().start()) {
      Response late = f.index(List.of(Document.ofText("x").tag("slow", true))).get(0);
      assertEquals(Status.Code.DEADLINE_EXCEEDED, late.status().code());
      assertTrue(late.status().description().contains("pod 'sluggish' did not finish"), late.status().description());
      assertTrue(late.status().description().contains("300 ms"), late.status().description());
      Response fine = f.index(List.of(Document.ofText("y"))).get(0);
      assertEquals(Status.Code.SUCCESS, fine.status().code(), "the other replica serves other requests");
      release.countDown();
    }
  }

  @Test
  void aJoinWhosePartNeverArrivesNamesTheMissingPod() {
    CountDownLatch release = new CountDownLatch(1);
    try (Flow f = Flow.builder()
        .add("quick")
        .add(PodSpec.builder("stuck").needs("gateway").uses(() -> r -> release.await(20, TimeUnit.SECONDS)).build())
        .add(PodSpec.builder("join").needs("quick", "stuck").timeout(Duration.ofMillis(300)).build())
        .build().start()) {
      Response r = f.index(List.of(Document.ofText("x"))).get(0);
      assertEquals(Status.Code.DEADLINE_EXCEEDED, r.status().code());
      assertTrue(r.status().description().contains("pod 'join' waited 300 ms"), r.status().description());
      assertTrue(r.status().description().contains("[stuck]"), r.status().description());
      release.countDown();
    }
  }
}
