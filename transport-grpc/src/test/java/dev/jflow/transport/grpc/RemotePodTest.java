package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.core.Flows;
import dev.jflow.core.testing.TestExecutors;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RemotePodTest {

  private static List<Document> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.withId("d" + i).text("t" + i)).collect(Collectors.toList());
  }

  @Test
  void aGatewayInOneJvmIndexesThroughAPodInAnother() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process pod = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RemotePodMain.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(pod.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      assertTrue(ready != null && ready.startsWith("READY "), "the pod process said: " + ready);
      int port = Integer.parseInt(ready.substring(6).trim());
      try (Flow f = Flow.builder().protocol("grpc").host("127.0.0.1")
          .add("local", TestExecutors.PathTagger::new)
          .add(PodSpec.builder("remote").host("127.0.0.1:" + port).build())
          .add("after", TestExecutors.PathTagger::new)
          .build().start()) {
        List<Response> rs = f.index(Inputs.of(docs(30)), CallOptions.builder().requestSize(10).build());
        assertEquals(3, rs.size());
        for (Response r : rs) {
          assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().toString());
          for (Document d : r.docs()) {
            assertEquals(List.of("local", "remote-tagger", "after"), d.tags().get("path"), "the remote JVM's pod ran between the local ones");
          }
        }
      }
    } finally {
      pod.getOutputStream().close();
      if (!pod.waitFor(20, TimeUnit.SECONDS)) {
        pod.destroyForcibly();
      }
    }
  }

  @Test
  void aRemotePodInThisJvmWorksThroughUses() {
    AsyncFlow served = Flows.servePod(PodSpec.builder("tagger").uses(TestExecutors.PathTagger::new).build(),
        GatewayConfig.defaults().withProtocol("grpc").withHost("127.0.0.1"));
    served.start().join();
    try (Flow f = Flow.builder().protocol("inprocess").add("remote", "grpc://127.0.0.1:" + served.gatewayAddress().port()).build().start()) {
      Document d = f.index(docs(1)).get(0).docs().get(0);
      assertEquals(List.of("tagger"), d.tags().get("path"));
    } finally {
      served.close();
    }
  }

  @Test
  void aPodThatNeedsATokenServesTheFlowThatSendsItsTokenAndRefusesOneThatDoesNot() {
    String podToken = "remote-pod-data-token-0123456789";
    AsyncFlow served = Flows.servePod(PodSpec.builder("tagger").uses(TestExecutors.PathTagger::new).build(),
        GatewayConfig.builder().protocol("grpc").host("127.0.0.1")
            .authenticator(BearerTokens.builder().dataTokens(Secret.of(podToken)).build()).build());
    served.start().join();
    String uses = "grpc://127.0.0.1:" + served.gatewayAddress().port();
    try {
      try (Flow f = Flow.builder().protocol("inprocess").add(PodSpec.builder("remote").uses(uses).token(podToken).build())
          .build().start()) {
        assertEquals(List.of("tagger"), f.index(docs(1)).get(0).docs().get(0).tags().get("path"), "its status probes and data pass");
      }
      Flow without = Flow.builder().protocol("inprocess").timeoutReady(java.time.Duration.ofSeconds(20))
          .add(PodSpec.builder("remote").uses(uses).with("remote_ready_ms", 300).build()).build();
      dev.jflow.api.FlowException e = org.junit.jupiter.api.Assertions.assertThrows(dev.jflow.api.FlowException.class, without::start);
      assertTrue(e.getMessage().contains("needs a bearer token"), "the start says why: " + e.getMessage());
      without.close();
    } finally {
      served.close();
    }
  }

  @Test
  void aRemoteHostWithoutAPortIsRejected() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(dev.jflow.api.FlowException.class,
        () -> PodSpec.builder("r").host("somewhere").build());
    assertTrue(e.getMessage().contains("no port"), e.getMessage());
  }
}
