package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.core.Flows;
import dev.jflow.core.testing.TestExecutors;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Remote replicas at several addresses: failover when one goes away, readiness that follows them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemoteFailoverTest {

  private static AsyncFlow servePod(String name, int port) {
    AsyncFlow pod = Flows.servePod(PodSpec.builder(name).uses(TestExecutors.PathTagger::new).build(),
        GatewayConfig.defaults().withProtocol("grpc").withHost("127.0.0.1").withPort(port));
    pod.start().join();
    return pod;
  }

  private static List<Document> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.ofText("t" + i)).collect(Collectors.toList());
  }

  @Test
  void whenOneRemoteReplicaGoesAwayRequestsMoveToTheOther() {
    AsyncFlow a = servePod("a", 0);
    AsyncFlow b = servePod("b", 0);
    String uses = "grpc://127.0.0.1:" + a.gatewayAddress().port() + ",grpc://127.0.0.1:" + b.gatewayAddress().port();
    try (Flow f = Flow.builder().protocol("inprocess").add(PodSpec.builder("remote").uses(uses).replicas(2).build()).build().start()) {
      List<Response> before = f.index(Inputs.of(docs(20)), CallOptions.builder().requestSize(1).build());
      Set<Object> served = before.stream().map(r -> r.docs().get(0).tags().get("path")).collect(Collectors.toSet());
      assertEquals(Set.of(List.of("a"), List.of("b")), served, "both remote replicas served");
      a.close();
      List<Response> after = f.index(Inputs.of(docs(20)), CallOptions.builder().requestSize(1).build());
      assertTrue(after.stream().noneMatch(Response::isError), after.stream().map(Response::status).collect(Collectors.toList()).toString());
      assertEquals(Set.of(List.of("b")), after.stream().map(r -> r.docs().get(0).tags().get("path")).collect(Collectors.toSet()));
      assertTrue(f.status().ready(), "one replica is enough to be ready");
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aRemotePodThatStopsMakesTheFlowNotReadyUntilItComesBack() {
    AsyncFlow pod = servePod("p", 0);
    int port = pod.gatewayAddress().port();
    try (Flow f = Flow.builder().protocol("inprocess").add("remote", "grpc://127.0.0.1:" + port).build().start()) {
      assertTrue(f.status().ready());
      pod.close();
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !f.status().ready());
      Response down = f.index(docs(1)).get(0);
      assertTrue(down.isError());
      assertTrue(down.status().description().contains("127.0.0.1:" + port), down.status().description());
      pod = servePod("p", port);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> f.status().ready());
      assertFalse(f.index(docs(1)).get(0).isError(), "it recovered without restarting the Flow");
    } finally {
      pod.close();
    }
  }

  @Test
  void anUnreachableRemotePodFailsTheStartNamingIt() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> Flow.builder().protocol("inprocess").add(PodSpec.builder("gone").uses("grpc://127.0.0.1:1")
            .with("remote_ready_ms", 500).build()).build().start());
    assertTrue(e.getMessage().contains("remote pod grpc://127.0.0.1:1 is unreachable"), e.getMessage());
  }
}
