package dev.jflow.cli;

import static dev.jflow.cli.CliRun.jflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tokens for jflow flow, jflow pod and the client commands: from files or the environment, never the command line. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthCommandsTest {
  private static final String DATA = "cli-data-token-0123456789";
  private static final String ADMIN = "cli-admin-token-0123456789";
  private static final String WARNING = "lets anyone who can reach it send data";

  /** Runs {@code jflow args...} in its own JVM with {@code env} added, to the end; its output. */
  private static CliRun jflowProcess(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(cmd);
    b.environment().putAll(env);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new CliRun(p.exitValue(), out, err);
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aFlowServedWithTokenFilesRefusesClientsWithoutAToken(@TempDir Path dir) throws Exception {
    Path flowYaml = write(dir, "flow.yml", "jtype: Flow\nwith:\n  name: guarded\npods:\n  - name: a\n");
    Path data = write(dir, "data.tokens", "# readers\n" + DATA + "\n");
    Path admin = write(dir, "admin.tokens", ADMIN + "\n");
    Path docs = write(dir, "docs.txt", "one\ntwo\n");
    try (Served flow = new Served("flow", "--uses", flowYaml.toString(), "--host", "127.0.0.1",
        "--data-tokens-file", data.toString(), "--admin-tokens-file", admin.toString())) {
      String port = Integer.toString(flow.port);
      CliRun refused = jflow("client", "index", "--port-expose", port, "--input", docs.toString());
      assertEquals(1, refused.status(), refused.out());
      assertTrue(refused.err().contains("needs a bearer token"), refused.err());
      CliRun ok = jflow("client", "index", "--port-expose", port, "--input", docs.toString(), "--token-file", data.toString());
      assertEquals(0, ok.status(), ok.err());
      assertTrue(ok.out().contains("index: 2 docs in 1 requests"), ok.out());
      CliRun dataPing = jflow("ping", "--port-expose", port, "--token-file", data.toString());
      assertTrue(dataPing.status() == 0 && dataPing.out().contains("ready: Flow 'guarded', 0 pods"), "a data token sees no pods: " + dataPing.out());
      CliRun adminPing = jflow("ping", "--port-expose", port, "--token-file", admin.toString());
      assertTrue(adminPing.out().contains("ready: Flow 'guarded', 1 pods"), adminPing.out());

      CliRun fromEnv = jflowProcess(Map.of("JFLOW_TOKEN", ADMIN), "ping", "--port-expose", port);
      assertEquals(0, fromEnv.status(), fromEnv.out() + fromEnv.err());
      assertTrue(fromEnv.out().contains("1 pods"), "JFLOW_TOKEN is the client's token: " + fromEnv.out());
      CliRun none = jflowProcess(Map.of(), "ping", "--port-expose", port);
      assertEquals(1, none.status(), none.out());
      assertTrue(none.out().contains("needs a bearer token"), none.out());
      assertFalse(flow.stderr().contains(WARNING), "127.0.0.1 with tokens: no warning: " + flow.stderr());
    }
  }

  @Test
  void tokensNeverComeFromTheCommandLine() {
    for (String[] args : List.of(new String[] {"ping", "--port-expose", "1", "--token", ADMIN},
        new String[] {"flow", "--uses", "x.yml", "--admin-tokens", ADMIN}, new String[] {"pod", "--uses", "_pass", "--data-tokens", DATA})) {
      CliRun r = jflow(args);
      assertEquals(2, r.status(), String.join(" ", args));
      assertTrue(r.err().contains("Unknown option"), r.err());
    }
  }

  @Test
  void aPodTakesItsTokensFromTheEnvironmentAndServesTheFlowThatSendsOne(@TempDir Path dir) throws Exception {
    try (Served pod = new Served(Map.of("JFLOW_DATA_TOKENS", DATA + "," + DATA + "-2"), "pod", "--uses", "_pass", "--name", "p")) {
      String uses = "grpc://127.0.0.1:" + pod.port;
      try (Flow f = Flow.builder().protocol("inprocess").add(PodSpec.builder("remote").uses(uses).token(DATA + "-2").build())
          .build().start()) {
        assertEquals(1, f.index(List.of(Document.ofText("x"))).get(0).docs().size());
      }
      Flow without = Flow.builder().protocol("inprocess").add(PodSpec.builder("remote").uses(uses).with("remote_ready_ms", 300).build()).build();
      FlowException e = org.junit.jupiter.api.Assertions.assertThrows(FlowException.class, without::start);
      assertTrue(e.getMessage().contains("needs a bearer token"), e.getMessage());
      without.close();
      assertFalse(pod.stderr().contains(WARNING), "data tokens: no warning: " + pod.stderr());
    }
  }

  @Test
  void aGatewayOnEveryInterfaceWithoutTokensWarnsOnce(@TempDir Path dir) throws Exception {
    try (Served pod = new Served("pod", "--uses", "_pass", "--name", "open")) { // binds 0.0.0.0 by default
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> pod.stderr().contains(WARNING));
      String err = pod.stderr();
      assertEquals(err.indexOf(WARNING), err.lastIndexOf(WARNING), "one warning: " + err);
      assertTrue(err.contains("JFLOW_DATA_TOKENS") && err.contains("bind 127.0.0.1"), err);
    }
  }
}
