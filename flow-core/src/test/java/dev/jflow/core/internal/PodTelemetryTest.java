package dev.jflow.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.testing.Await;
import dev.jflow.core.testing.RecordingTelemetry;
import dev.jflow.core.testing.RecordingTelemetry.Finished;
import dev.jflow.core.testing.TestExecutors;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PodTelemetryTest {
  private final RecordingTelemetry telemetry = RecordingTelemetry.withoutTracing();

  private static List<Document> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.withId("d" + i).text("x")).collect(Collectors.toList());
  }

  @Test
  void everyReplicaReportsTheRequestsItFinishedWithTheirTimes() {
    int n = 20;
    try (Flow f = Flow.builder().name("metered").telemetry(telemetry)
        .add("enc", TestExecutors.PathTagger::new)
        .add(PodSpec.builder("idx").replicas(2).uses(() -> request -> Thread.sleep(1)).build())
        .build().start()) {
      f.index(Inputs.of(docs(n)), CallOptions.builder().requestSize(1).build());
      f.search(docs(3), 5);

      List<Finished> enc = telemetry.finished("enc");
      assertEquals(n + 1, enc.size(), "one per request: " + n + " index requests of one document and one search");
      assertEquals(n, enc.stream().filter(x -> x.type() == RequestType.INDEX).count());
      assertEquals(1, enc.stream().filter(x -> x.type() == RequestType.SEARCH && x.docs() == 3).count());
      assertTrue(enc.stream().allMatch(x -> x.flow().equals("metered") && x.replica().isEmpty() && x.code() == Status.Code.SUCCESS), enc.toString());
      assertTrue(enc.stream().allMatch(x -> x.queueNanos() > 0 && x.executorNanos() > 0), "queue and executor times are measured");

      List<Finished> idx = telemetry.finished("idx");
      assertEquals(n + 1, idx.size());
      Map<String, Long> perReplica = idx.stream().collect(Collectors.groupingBy(Finished::replica, Collectors.counting()));
      assertEquals(Set.of("replica-0", "replica-1"), perReplica.keySet(), "both replicas served and reported under their route label");
      assertTrue(idx.stream().allMatch(x -> x.executorNanos() >= TimeUnit.MILLISECONDS.toNanos(1)), "the executor's time is its own");

      List<RecordingTelemetry.Queue> queues = telemetry.queues();
      assertEquals(Set.of("enc", "idx"), queues.stream().map(RecordingTelemetry.Queue::pod).collect(Collectors.toSet()));
      assertTrue(queues.stream().allMatch(q -> q.group().isEmpty() && q.depth() == 0 && q.inFlight() == 0 && !q.isClosed()));
    }
    assertTrue(telemetry.queues().stream().allMatch(RecordingTelemetry.Queue::isClosed), "closing the Flow removes the gauges");
    assertTrue(telemetry.pods().stream().allMatch(p -> p.closes() == 1), "and closes every replica's meters once: " + telemetry.pods());
    assertTrue(!telemetry.gateways().isEmpty() && telemetry.gateways().stream().allMatch(RecordingTelemetry.Gateway::isClosed),
        "and the gateway's");
  }

  @Test
  void aFailingExecutorReportsItsRequestAsAnError() {
    try (Flow f = Flow.builder().telemetry(telemetry).add("guard", TestExecutors.FailOnTag::new).build().start()) {
      f.index(List.of(Document.ofText("ok")));
      Response r = f.index(List.of(Document.ofText("bad").tag("fail", true))).get(0);
      assertEquals(Status.Code.ERROR, r.status().code());

      List<Status.Code> codes = telemetry.finished("guard").stream().map(Finished::code).collect(Collectors.toList());
      assertEquals(List.of(Status.Code.SUCCESS, Status.Code.ERROR), codes);
    }
  }

  @Test
  void aRequestRefusedByAFullQueueIsReportedShedAndTheQueueDepthIsSeen() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (Flow f = Flow.builder().telemetry(telemetry).add(PodSpec.builder("narrow").maxQueue(1).uses(() -> r -> {
      entered.countDown();
      release.await(20, TimeUnit.SECONDS);
    }).build()).build().start()) {
      CompletableFuture<List<Response>> running = f.async().index(List.of(Document.ofText("1")));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      CompletableFuture<List<Response>> waiting = f.async().index(List.of(Document.ofText("2")));
      RecordingTelemetry.Queue queue = telemetry.queues().get(0);
      await().atMost(10, TimeUnit.SECONDS).until(() -> queue.depth() == 1);
      assertEquals(1, queue.inFlight());

      FlowException refused = Await.failure(f.async().index(List.of(Document.ofText("3"))), Duration.ofSeconds(10));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.code());
      assertEquals(1, telemetry.shed("narrow"));
      assertTrue(telemetry.pods("narrow").stream().filter(p -> p.sheds() > 0).allMatch(p -> p.replica().isEmpty()),
          "the refusal is the group's, labelled as the pod's only group");

      release.countDown();
      running.get(10, TimeUnit.SECONDS);
      waiting.get(10, TimeUnit.SECONDS);
      List<Finished> done = telemetry.finished("narrow");
      assertEquals(2, done.size(), "the refused request never ran");
      assertTrue(done.get(1).queueNanos() >= done.get(0).executorNanos() / 2, "the second waited for the first: " + done);
    }
    assertTrue(telemetry.pods("narrow").stream().allMatch(p -> p.closes() == 1), "the group's shed meters close with it too");
  }

  @Test
  void replacementsKeepTheLabelsOfTheReplicasTheyReplaceAndReportTheRestart() {
    try (Flow f = Flow.builder().telemetry(telemetry)
        .add(PodSpec.builder("enc").replicas(2).uses(TestExecutors.PathTagger::new).build()).build().start()) {
      List<RecordingTelemetry.Pod> first = telemetry.pods("enc");
      f.reload("enc");
      assertEquals(List.of("replica-0", "replica-1"), telemetry.restartLabels("enc").stream().sorted().collect(Collectors.toList()),
          "one restart per replaced replica, under the label the replacement took over");
      assertTrue(first.stream().allMatch(p -> p.restarts() == 0 && p.closes() == 1), "the retired replicas' meters are closed");
      assertTrue(telemetry.pods("enc").stream().filter(p -> p.restarts() > 0).noneMatch(RecordingTelemetry.Pod::isClosed),
          "the restarts were reported on the replacements, which go on reporting");
      f.scale("enc", 3);
      f.index(Inputs.of(docs(6)), CallOptions.builder().requestSize(1).build());
      Set<String> served = telemetry.finished("enc").stream().map(Finished::replica).collect(Collectors.toSet());
      assertEquals(Set.of("replica-0", "replica-1", "replica-2"), served, "the replicas after the reload and the scale report");
      f.scale("enc", 1);
      assertEquals(4, telemetry.pods("enc").stream().filter(RecordingTelemetry.Pod::isClosed).count(), "the two drained replicas' too");
    }
  }

  @Test
  void aPodOfOneReplicaKeepsItsEmptyLabelAcrossReloads() {
    try (Flow f = Flow.builder().telemetry(telemetry).add("enc", TestExecutors.PathTagger::new).build().start()) {
      f.reload("enc");
      f.reload("enc");
      Response r = f.index(List.of(Document.ofText("x"))).get(0);
      assertEquals("", r.routes().stream().filter(x -> x.pod().equals("enc")).findFirst().orElseThrow().podId());
      assertEquals(List.of("", ""), telemetry.restartLabels("enc"));
      assertEquals(Set.of(""), telemetry.finished("enc").stream().map(Finished::replica).collect(Collectors.toSet()));
    }
  }
}
