package dev.jflow.cli;

import static dev.jflow.cli.CliRun.jflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS options of the commands, against Flows and pods served in their own JVMs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsCommandsTest {
  @Test
  void aFlowReachesAPodOverMutualTlsAndClientsReachTheFlowOverTls(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    String cert = certs.server().certificateFile().toString();
    String key = certs.server().keyFile().toString();
    String ca = certs.ca().toString();
    try (Served pod = new Served("pod", "--uses", "HashingTextEncoder", "--name", "enc", "--host", "127.0.0.1", "--with", "dim=8",
        "--tls-cert", cert, "--tls-key", key, "--tls-ca", ca, "--tls-client-auth", "require")) {
      String podPort = Integer.toString(pod.port);
      CliRun in = jflow("ping", "--port-expose", podPort, "--tls-ca", ca,
          "--tls-cert", certs.client().certificateFile().toString(), "--tls-key", certs.client().keyFile().toString());
      assertEquals(0, in.status(), in.out() + in.err());
      CliRun anonymous = jflow("ping", "--port-expose", podPort, "--tls-ca", ca, "--timeout", "5");
      assertEquals(1, anonymous.status());
      assertTrue(anonymous.out().contains("refused this client's certificate"), anonymous.out());
      CliRun plain = jflow("ping", "--port-expose", podPort, "--timeout", "5");
      assertEquals(1, plain.status());
      assertTrue(plain.out().contains("TLS"), plain.out());

      Path flowYaml = Files.writeString(dir.resolve("flow.yml"), String.join("\n",
          "jtype: Flow",
          "with:",
          "  name: secure",
          "pods:",
          "  - name: encoder",
          "    host: 127.0.0.1:" + podPort,
          "    tls: {ca: ca.crt, certificate: client.crt, private_key: client.key}",
          ""));
      Files.writeString(dir.resolve("docs.txt"), "hello\nworld\n");
      try (Served flow = new Served("flow", "--uses", flowYaml.toString(), "--restful", "--host", "127.0.0.1",
          "--tls-cert", cert, "--tls-key", key)) {
        String port = Integer.toString(flow.port);
        CliRun index = jflow("client", "index", "--restful", "--port-expose", port, "--host", "localhost", "--tls-ca", ca,
            "--input", dir.resolve("docs.txt").toString());
        assertEquals(0, index.status(), index.out() + index.err());
        assertTrue(index.out().contains("index: 2 docs in 1 requests, ") && index.out().contains(" 0 errors"), index.out());
        CliRun untrusted = jflow("ping", "--restful", "--port-expose", port, "--tls-ca", certs.otherCa().toString(), "--timeout", "5");
        assertEquals(1, untrusted.status());
        assertTrue(untrusted.out().contains("not signed by a CA this client trusts"), untrusted.out());
        assertEquals(0, flow.stop());
      }
      assertEquals(0, pod.stop());
    }
  }

  @Test
  void badTlsOptionsAreBadUsageNamingTheProblem(@TempDir Path dir) {
    CliRun keyless = jflow("pod", "--uses", "_pass", "--tls-cert", dir.resolve("a.crt").toString());
    assertEquals(2, keyless.status(), keyless.err());
    assertTrue(keyless.err().contains("certificate and privateKey go together"), keyless.err());
    CliRun mode = jflow("pod", "--uses", "_pass", "--tls-cert", "a", "--tls-key", "b", "--tls-client-auth", "sometimes");
    assertEquals(2, mode.status(), mode.err());
    assertTrue(mode.err().contains("--tls-client-auth must be none, optional or require"), mode.err());
    Path missing = dir.resolve("missing.crt");
    CliRun files = jflow("pod", "--uses", "_pass", "--tls-cert", missing.toString(), "--tls-key", missing.toString());
    assertEquals(1, files.status(), files.err());
    assertTrue(files.err().contains(missing.toAbsolutePath() + ": file not found"), files.err());
  }
}
