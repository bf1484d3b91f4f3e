package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.AsyncControl;
import dev.jflow.api.Client;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.JsonMap;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Control requests, from the Flow's own methods and from a client over the in-process transport, touch
 * no path outside the Flow's workspace and change on RELOAD only what the executor allows, losing no data.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControlConfinementTest {
  static final List<JsonMap> OPENED_WITH = new CopyOnWriteArrayList<>();

  /** Records the arguments it opens with; lets a RELOAD change three; refuses a plain one while {@code keeps_data}. */
  public static final class Stateful implements Executor {
    private boolean keepsData;

    @Override
    public void open(ExecutorContext context) {
      OPENED_WITH.add(context.with());
      keepsData = Boolean.TRUE.equals(context.with().get("keeps_data"));
    }

    @Override
    public void handle(Request request) {}

    @Override
    public Set<String> reloadableArgs() {
      return Set.of("version", "load_path", "workspace");
    }

    @Override
    public void checkReload(JsonMap changes) {
      if (keepsData && !changes.containsKey("load_path")) {
        throw new IllegalStateException("it keeps its data in memory only");
      }
    }

    @Override
    public void dump(String path, int shards) throws Exception {
      Files.writeString(Path.of(path), "dumped");
    }

    @Override
    public void close() {}
  }

  @TempDir
  Path tmp;
  Path root;

  @BeforeEach
  void workspace() throws Exception {
    OPENED_WITH.clear();
    root = Files.createDirectories(tmp.resolve("a/ws")).toRealPath();
  }

  private FlowBuilder<Flow> flow() {
    return Flow.builder().name("confined").protocol("inprocess").workspace(root)
        .authenticator(dev.jflow.api.spi.BearerTokens.builder().adminTokens(dev.jflow.api.Secret.of(ADMIN)).build())
        .add(PodSpec.builder("worker").uses(Stateful::new).build());
  }

  /** An operator's token: control commands over the network need one, and these tests are about what it may still not do. */
  private static final String ADMIN = "confinement-admin-token-0123456789";

  private static Client client(Flow f) {
    return Client.connect(dev.jflow.api.ClientConfig.builder().protocol("inprocess").host(f.async().gatewayAddress().host())
        .token(ADMIN).build());
  }

  private static FlowException failure(CompletableFuture<?> f, Status.Code code) {
    FlowException e = Await.failure(f, Duration.ofSeconds(10));
    assertEquals(code, e.code(), e.toString());
    assertFalse(e.getMessage().contains("move"), "suggests nothing to do with a path: " + e.getMessage());
    return e;
  }

  private static List<String> replicas(FlowStatus s) {
    return s.pod("worker").replicas().stream().map(FlowStatus.ReplicaStatus::id).collect(Collectors.toList());
  }

  @Test
  void dumpPathsOutsideTheWorkspaceAreRefusedAndNothingIsWritten() throws Exception {
    try (Flow f = flow().build().start(); Client c = client(f)) {
      for (AsyncControl control : List.of(f.async(), c)) {
        String absolute = tmp.resolve("evil-dump").toString();
        assertTrue(failure(control.dump("worker", absolute, 1), Status.Code.INVALID_ARGUMENT).getMessage()
            .contains("DUMP path '" + absolute + "' lies outside the workspace; a path in a control request must lie under "
                + "the Flow's workspace " + root));
        assertTrue(failure(control.dump("worker", "../../evil-rel", 1), Status.Code.INVALID_ARGUMENT).getMessage()
            .contains("DUMP path '../../evil-rel' contains '..'"));
      }
      Files.createSymbolicLink(root.resolve("out"), Files.createDirectories(tmp.resolve("outside")));
      assertTrue(failure(c.dump("worker", "out/d", 1), Status.Code.INVALID_ARGUMENT).getMessage().contains("symbolic link"));
      assertEquals(List.of("a", "outside"), list(tmp), "nothing written beside the workspace");
      assertEquals(List.of(), list(tmp.resolve("outside")));

      c.dump("worker", "d", 1).get(10, TimeUnit.SECONDS);
      f.dump("worker", root.resolve("e").toString(), 1);
      assertEquals("dumped", Files.readString(root.resolve("d")), "a relative path lands under the workspace");
      assertEquals("dumped", Files.readString(root.resolve("e")), "an absolute path inside it is kept");
    }
  }

  @Test
  void aReloadChangesOnlyTheArgumentsTheExecutorDeclares() throws Exception {
    try (Flow f = flow().build().start(); Client c = client(f)) {
      List<String> before = replicas(f.status());
      FlowException e = failure(c.rollingUpdate("worker", Map.of("color", "red", "version", "v2")), Status.Code.INVALID_ARGUMENT);
      assertTrue(e.getMessage().contains("RELOAD of pod 'worker' may not change [color]: its executor (Stateful) lets a "
          + "RELOAD change only [load_path, version, workspace]"), e.getMessage());
      assertEquals(before, replicas(f.status()), "nothing was replaced");
      assertEquals(1, OPENED_WITH.size());

      c.rollingUpdate("worker", Map.of("version", "v2")).get(10, TimeUnit.SECONDS);
      assertEquals("v2", OPENED_WITH.get(1).get("version"), "a reloadable argument still reloads");
      f.rollingUpdate("worker", Map.of("version", "v3"));
      assertEquals("v3", OPENED_WITH.get(2).get("version"));
    }
  }

  @Test
  void workspaceAndLoadPathAreNotReloadableUnlessTheFlowAllowsIt() throws Exception {
    Path evil = tmp.resolve("evil-ws");
    try (Flow f = flow().build().start(); Client c = client(f)) {
      for (Map<String, String> with : List.of(Map.of("workspace", evil.toString()), Map.of("load_path", "dumps/v1"))) {
        FlowException e = failure(c.rollingUpdate("worker", with), Status.Code.INVALID_ARGUMENT);
        String key = with.keySet().iterator().next();
        assertTrue(e.getMessage().contains("may not change [" + key + "]") && e.getMessage().contains("allowReloadPaths"),
            e.getMessage());
        assertFalse(e.getMessage().contains(with.get(key)), "the refusal of the argument does not echo its value");
      }
      assertEquals(1, OPENED_WITH.size(), "no executor opened with them");
      assertFalse(Files.exists(evil));
    }
  }

  @Test
  void allowedPathArgumentsAreConfinedToTheWorkspace() throws Exception {
    try (Flow f = flow().allowReloadPaths(true).build().start(); Client c = client(f)) {
      FlowException passwd = failure(c.rollingUpdate("worker", Map.of("load_path", "/etc/passwd")), Status.Code.INVALID_ARGUMENT);
      assertTrue(passwd.getMessage().contains("RELOAD load_path '/etc/passwd' lies outside the workspace")
          && passwd.getMessage().contains(root.toString()), passwd.getMessage());
      failure(c.rollingUpdate("worker", Map.of("workspace", tmp.resolve("evil-ws").toString())), Status.Code.INVALID_ARGUMENT);
      failure(c.rollingUpdate("worker", Map.of("workspace", "../evil-ws")), Status.Code.INVALID_ARGUMENT);
      failure(c.rollingUpdate("worker", Map.of("load_path", 7)), Status.Code.INVALID_ARGUMENT);
      assertEquals(1, OPENED_WITH.size(), "no executor was opened with any of them");

      c.rollingUpdate("worker", Map.of("load_path", "dumps/v1", "workspace", "live")).get(10, TimeUnit.SECONDS);
      assertEquals(root.resolve("dumps/v1").toString(), OPENED_WITH.get(1).get("load_path"), "resolved under the workspace");
      assertEquals(root.resolve("live").toString(), OPENED_WITH.get(1).get("workspace"));
    }
  }

  @Test
  void aReloadThatWouldLoseDataIsRefusedAndReplacesNothing() throws Exception {
    try (Flow f = flow().allowReloadPaths(true).add(PodSpec.builder("keeper").uses(Stateful::new).with("keeps_data", true).build())
        .build().start(); Client c = client(f)) {
      List<String> before = replicas(f.status());
      for (AsyncControl control : List.of(f.async(), c)) {
        FlowException e = failure(control.reload(), Status.Code.FAILED_PRECONDITION);
        assertTrue(e.getMessage().contains("RELOAD of pod 'keeper' (Stateful) refused, nothing was replaced: it keeps its "
            + "data in memory only"), e.getMessage());
        failure(control.rollingUpdate("keeper", Map.of("version", "v2")), Status.Code.FAILED_PRECONDITION);
      }
      assertEquals(before, replicas(f.status()), "the other pod was not reloaded either");
      assertEquals(2, OPENED_WITH.size());

      assertEquals(List.of("worker"), c.reload("work.*").get(10, TimeUnit.SECONDS), "a pod holding nothing reloads");
      c.rollingUpdate("keeper", Map.of("load_path", "dumps/v1")).get(10, TimeUnit.SECONDS);
      assertEquals(root.resolve("dumps/v1").toString(), OPENED_WITH.get(3).get("load_path"), "a reload that loads a dump may");
    }
  }

  private static List<String> list(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
