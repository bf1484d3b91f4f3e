package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scenario 4: the container of a Flow's remote pod is stopped ({@code docker stop}: SIGTERM, the pod
 * drains and exits 0), then started again on the same port. While it is down the Flow reports it: its
 * status is not ready, the gRPC health of {@code jina.JinaRPC} is NOT_SERVING (the gateway itself,
 * {@code ""}, stays SERVING), and a search fails with a status saying the pod's address is unavailable
 * (ERROR: over the wire, Jina's status codes carry UNAVAILABLE as ERROR). Once the
 * pod is back the Flow is ready and SERVING again, without being restarted: the documents indexed
 * before the stop are still found, and new ones can be indexed.
 */
@ExtendWith(DockerImageExtension.class)
class PodRestartIT {
  /** Remote pods are probed every second. */
  private static final Duration NOTICE = Duration.ofSeconds(15);
  /** Probing, plus the gRPC channel's reconnect backoff (1 s growing 1.6-fold while the pod was down). */
  private static final Duration RECOVERY = Duration.ofSeconds(40);
  private static final String JINA = "jina.JinaRPC";

  @Test
  void flowReportsAStoppedPodAndRecoversWhenItIsBack(JflowImage image) {
    try (JflowContainer encoder = JflowContainer.pod(image, "encoder", "encoder", "HashingTextEncoder", Map.of("dim", Corpus.DIM))) {
      encoder.start();
      try (Flow flow = Flow.builder().name("pod-restart").protocol("grpc").host("127.0.0.1")
          .add("encoder", encoder.grpcAddress())
          .add("indexer", "VectorIndexer")
          .build().start()) {
        try (PlaintextChannel channel = PlaintextChannel.to(flow.async().gatewayAddress().port())) {
          flow.index(Inputs.of(Corpus.docs(0, 30)), CallOptions.builder().requestSize(10).build())
              .forEach(r -> assertFalse(r.isError(), () -> "index failed: " + r.status()));
          assertTrue(flow.status().ready(), "ready with the pod up");
          assertEquals(ServingStatus.SERVING, health(channel, JINA), "health with the pod up");

          long stopped = System.nanoTime();
          assertEquals(0, encoder.stopProcess(), "jflow pod exits 0 on SIGTERM");
          Awaitility.await("the Flow notices the pod is gone").atMost(NOTICE).pollInterval(Duration.ofMillis(200))
              .until(() -> !flow.status().ready() && health(channel, JINA) == ServingStatus.NOT_SERVING);
          System.out.printf("PodRestartIT: not ready %.1f s after docker stop was sent%n", (System.nanoTime() - stopped) / 1e9);
          assertEquals(ServingStatus.SERVING, health(channel, ""), "the gateway itself stays alive");
          Status failed = searchFailure(flow);
          assertTrue(failed.isError() && failed.description().contains("unavailable")
              && failed.description().contains("127.0.0.1:" + encoder.port()), () -> "a search while the pod is down fails, "
              + "saying the pod's address is unavailable: " + failed);

          long restarted = System.nanoTime();
          encoder.startAgain();
          Awaitility.await("the Flow finds the pod again").atMost(RECOVERY).pollInterval(Duration.ofMillis(200))
              .until(() -> flow.status().ready() && health(channel, JINA) == ServingStatus.SERVING);
          System.out.printf("PodRestartIT: ready again %.1f s after docker start%n", (System.nanoTime() - restarted) / 1e9);

          // the same Flow, not restarted: what was indexed before is still there, and more can be added
          flow.index(Inputs.of(Corpus.docs(30, 40)), CallOptions.builder().requestSize(5).build())
              .forEach(r -> assertFalse(r.isError(), () -> "index after the restart failed: " + r.status()));
          Corpus.assertFound(flow.search(Inputs.of(Corpus.queries(0, 40)), CallOptions.builder().topK(2).build()),
              IntStream.range(0, 40).boxed().toList(), 2);
        }
      }
    }
  }

  private static ServingStatus health(PlaintextChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel.channel()).withDeadlineAfter(2, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  /** The status of a search sent while the pod is down: the failed response's, or the call's. */
  private static Status searchFailure(Flow flow) {
    try {
      List<Response> responses = flow.search(Inputs.of(Corpus.queries(0, 1)), CallOptions.builder().topK(1).build());
      return responses.stream().filter(Response::isError).map(Response::status).findFirst()
          .orElseGet(() -> Status.of(Status.Code.SUCCESS, "the search succeeded with the pod down: " + responses));
    } catch (FlowException e) {
      return e.status();
    }
  }
}
