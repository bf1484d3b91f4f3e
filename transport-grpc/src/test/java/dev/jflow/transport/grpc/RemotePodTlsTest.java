package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.testing.TestCertificates;
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
import org.junit.jupiter.api.io.TempDir;

/** A Flow reaching a remote pod in another JVM over mutual TLS, as {@code PodSpec.tls} says. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RemotePodTlsTest {

  @Test
  void aFlowReachesAPodInAnotherJvmOverMutualTlsAndOnlyWithIt(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process pod = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RemotePodMain.class.getName(),
        certs.server().certificateFile().toString(), certs.server().keyFile().toString(), certs.ca().toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String ready = new BufferedReader(new InputStreamReader(pod.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertTrue(ready != null && ready.startsWith("READY "), "the pod process said: " + ready);
      String remote = "127.0.0.1:" + Integer.parseInt(ready.substring(6).trim());

      try (Flow f = Flow.builder().protocol("grpc").host("127.0.0.1")
          .add("local", TestExecutors.PathTagger::new)
          .add(PodSpec.builder("remote").host(remote).tls(certs.mutualClientTls()).build())
          .build().start()) {
        List<Response> rs = f.index(Inputs.of(IntStream.range(0, 20).mapToObj(i -> Document.withId("d" + i).text("t"))
            .collect(Collectors.toList())), CallOptions.builder().requestSize(10).build());
        assertEquals(2, rs.size());
        for (Response r : rs) {
          assertEquals(Status.Code.SUCCESS, r.status().code(), r.status().toString());
          assertEquals(List.of("local", "remote-tagger"), r.docs().get(0).tags().get("path"));
        }
      }

      FlowException plaintext = assertThrows(FlowException.class, () -> Flow.builder().protocol("inprocess")
          .add(PodSpec.builder("remote").host(remote).with("remote_ready_ms", 500).build()).build().start());
      assertTrue(plaintext.getMessage().contains("TLS"), plaintext.getMessage());
      FlowException noCertificate = assertThrows(FlowException.class, () -> Flow.builder().protocol("inprocess")
          .add(PodSpec.builder("remote").host(remote).with("remote_ready_ms", 500).tls(certs.clientTls()).build()).build().start());
      assertTrue(noCertificate.getMessage().contains("refused this client's certificate"), noCertificate.getMessage());
    } finally {
      pod.getOutputStream().close();
      if (!pod.waitFor(20, TimeUnit.SECONDS)) {
        pod.destroyForcibly();
      }
    }
  }
}
