package dev.jflow.cli;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code jflow flow} drains the gateway: every request it accepted is answered and the
 * process exits 0; when the drain grace period runs out, the cut call fails UNAVAILABLE and the exit
 * status is 3. Real processes, real sockets, one slow replica.
 */
@Timeout(value = 60, unit = SECONDS)
class DrainTest {
  private static final int REQUESTS = 30;
  /** The served Flows take this admin token (from the environment), so that the test may read their pods' status. */
  private static final String ADMIN = "drain-test-admin-token-0123456789";
  private static final Map<String, String> ADMIN_ENV = Map.of("JFLOW_ADMIN_TOKENS", ADMIN);

  private static Client client(String protocol, int port) {
    return Client.connect(ClientConfig.builder().protocol(protocol).host("127.0.0.1").port(port).token(ADMIN).build());
  }

  private static Path slowFlow(Path dir, long sleepMs) throws IOException {
    Path yaml = dir.resolve("slow.yml");
    Files.writeString(yaml, String.join("\n",
        "jtype: Flow",
        "with:",
        "  name: slow",
        "pods:",
        "  - name: slow",
        "    uses: " + SlowExecutor.class.getName(),
        "    uses_with:",
        "      sleep_ms: " + sleepMs,
        ""));
    return yaml;
  }

  /**
   * Waits until the slow pod holds {@code n} requests (queued, running or served), at least
   * {@code queued} of them still waiting, so that SIGTERM meets accepted, unfinished work.
   */
  private static void awaitAccepted(Client control, int n, int queued) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
      FlowStatus.PodStatus p = control.status().get(10, SECONDS).pod("slow");
      long running = p.replicas().stream().mapToInt(FlowStatus.ReplicaStatus::inFlight).sum();
      return p.queued() + running + p.served() == n && p.queued() >= queued;
    });
  }

  private static Inputs oneDocEach(int n) {
    return Inputs.of(IntStream.range(0, n).mapToObj(i -> Document.ofText("doc " + i)).toList());
  }

  private static final CallOptions ONE_DOC_REQUESTS = CallOptions.builder().requestSize(1).prefetch(50).build();

  /** Sends REQUESTS one-document requests, SIGTERMs once the pod holds them all, and checks all are answered and the exit is 0. */
  private static void assertSigtermAnswersEveryRequest(Served flow, Client client) throws Exception {
    assertTrue(client.status().get(15, SECONDS).ready()); // connected, and the gateway's first control call is behind us
    CompletableFuture<List<Response>> call = client.index(oneDocEach(REQUESTS), ONE_DOC_REQUESTS);
    awaitAccepted(client, REQUESTS, REQUESTS / 2);
    flow.process.destroy();
    List<Response> responses = call.get(30, SECONDS);
    assertEquals(REQUESTS, responses.size());
    responses.forEach(r -> assertFalse(r.isError(), r.status().toString()));
    assertEquals(Serving.DRAINED, flow.exitStatus(30), flow.stderr());
  }

  @Test
  void sigtermAnswersEveryAcceptedGrpcRequestAndExitsZero(@TempDir Path dir) throws Exception {
    try (Served flow = new Served(ADMIN_ENV, "flow", "--uses", slowFlow(dir, 100).toString(), "--host", "127.0.0.1");
         Client client = client("grpc", flow.port)) {
      assertSigtermAnswersEveryRequest(flow, client);
    }
  }

  @Test
  void sigtermAnswersEveryAcceptedWebSocketRequestAndExitsZero(@TempDir Path dir) throws Exception {
    try (Served flow = new Served(ADMIN_ENV, "flow", "--uses", slowFlow(dir, 100).toString(), "--restful", "--host", "127.0.0.1");
         Client client = client("websocket", flow.port)) {
      assertSigtermAnswersEveryRequest(flow, client);
    }
  }

  @Test
  void sigtermAnswersEveryAcceptedHttpCallAndExitsZero(@TempDir Path dir) throws Exception {
    try (Served flow = new Served(ADMIN_ENV, "flow", "--uses", slowFlow(dir, 100).toString(), "--restful", "--host", "127.0.0.1");
         Client control = client("websocket", flow.port)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + flow.port + "/index"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"data\": [\"a\"]}")).build();
      assertTrue(control.status().get(15, SECONDS).ready());
      List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        calls.add(http.sendAsync(post, HttpResponse.BodyHandlers.ofString()));
      }
      awaitAccepted(control, REQUESTS, REQUESTS / 2);
      flow.process.destroy();
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        HttpResponse<String> r = call.get(30, SECONDS);
        assertEquals(200, r.statusCode(), r.body());
      }
      assertEquals(Serving.DRAINED, flow.exitStatus(30), flow.stderr());
    }
  }

  @Test
  void whenTheGraceRunsOutTheCallFailsUnavailableAndTheExitStatusIsThree(@TempDir Path dir) throws Exception {
    try (Served flow = new Served(ADMIN_ENV, "flow", "--uses", slowFlow(dir, 30_000).toString(), "--host", "127.0.0.1",
        "--drain-grace", "300");
         Client client = client("grpc", flow.port)) {
      assertTrue(client.status().get(15, SECONDS).ready());
      CompletableFuture<List<Response>> call = client.index(oneDocEach(1), ONE_DOC_REQUESTS);
      awaitAccepted(client, 1, 0);
      long sigterm = System.nanoTime();
      flow.process.destroy();
      FlowException cut = Await.failure(call, Duration.ofSeconds(10));
      assertEquals(Status.Code.UNAVAILABLE, cut.code(), cut.getMessage());
      assertTrue(cut.getMessage().contains("shut down"), "names the shutdown: " + cut.getMessage());
      assertEquals(Serving.CUT, flow.exitStatus(20), flow.stderr());
      long exitMs = Duration.ofNanos(System.nanoTime() - sigterm).toMillis();
      assertTrue(exitMs < 6_000, "exits promptly after the 300 ms grace, took " + exitMs + " ms");
      assertTrue(flow.stderr().contains("stopped with requests cut: the gateway's drain grace period of 300 ms ran out"), flow.stderr());
    }
  }
}
