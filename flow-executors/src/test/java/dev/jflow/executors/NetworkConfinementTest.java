package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.NdArray;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of 2026-12-01, sent over gRPC to a Flow of the standard executors: control requests
 * that named paths outside the Flow's workspace, changed an executor's workspace or load_path, or
 * emptied an in-memory index. Each now fails safely; what is legitimate still works.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkConfinementTest {
  @TempDir
  Path tmp;
  Path root;

  @BeforeEach
  void workspace() throws Exception {
    root = Files.createDirectories(tmp.resolve("a/ws")).toRealPath();
  }

  private FlowBuilder<Flow> flow() {
    return Flow.builder().name("attacked").protocol("grpc").host("127.0.0.1").workspace(root)
        .authenticator(adminOnly())
        .add(PodSpec.builder("vec").uses(VectorIndexer::new).build());
  }

  /**
   * Control commands over the network need an admin token (without one they are refused before any of
   * this is looked at); these attacks come from a caller holding one, to show what even it cannot do.
   */
  private static final String ADMIN = "confinement-admin-token-0123456789";

  private static dev.jflow.api.spi.Authenticator adminOnly() {
    return dev.jflow.api.spi.BearerTokens.builder().adminTokens(dev.jflow.api.Secret.of(ADMIN)).build();
  }

  private static Client client(Flow f) {
    return Client.connect(dev.jflow.api.ClientConfig.builder().protocol("grpc").host("127.0.0.1")
        .port(f.async().gatewayAddress().port()).token(ADMIN).build());
  }

  /**
   * The failure of a control call. The Flow answers with {@code code}; Jina's wire carries its local
   * codes (INVALID_ARGUMENT, FAILED_PRECONDITION) as ERROR (3), with the description.
   */
  private static FlowException failure(CompletableFuture<?> call, Status.Code code) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(20, TimeUnit.SECONDS));
    FlowException f = assertInstanceOf(FlowException.class, e.getCause());
    assertEquals(code.wireCode(), f.code().wireCode(), f.toString());
    assertFalse(f.getMessage().contains("move"), "suggests nothing to do with a path: " + f.getMessage());
    return f;
  }

  private static void index(Client c, int n) throws Exception {
    List<Document> docs = Stream.iterate(0, i -> i + 1).limit(n)
        .map(i -> Document.withId("d" + i).embedding(NdArray.of(new float[] {1, i + 1}))).collect(Collectors.toList());
    c.index(docs).get(20, TimeUnit.SECONDS);
  }

  private static List<String> found(Client c) throws Exception {
    List<Response> rs = c.search(List.of(Document.withId("q").embedding(NdArray.of(new float[] {1, 1}))), 10).get(20, TimeUnit.SECONDS);
    return rs.get(0).docs().get(0).matches().stream().map(Document::id).sorted().collect(Collectors.toList());
  }

  private static List<String> replicas(Client c, String pod) throws Exception {
    return c.status().get(20, TimeUnit.SECONDS).pod(pod).replicas().stream().map(FlowStatus.ReplicaStatus::id)
        .collect(Collectors.toList());
  }

  private static List<String> list(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void aDumpOutsideTheWorkspaceIsRefusedAndWritesNothingWhileOneInsideWorks() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createSymbolicLink(root.resolve("out"), outside);
    try (Flow f = flow().build().start(); Client c = client(f)) {
      index(c, 3);
      String absolute = tmp.resolve("evil-dump").toString();
      FlowException abs = failure(c.dump("vec", absolute, 1), Status.Code.INVALID_ARGUMENT);
      assertTrue(abs.getMessage().contains("DUMP path '" + absolute + "' lies outside the workspace")
          && abs.getMessage().contains("the Flow's workspace " + root), abs.getMessage());
      FlowException rel = failure(c.dump("vec", "../../evil-rel", 1), Status.Code.INVALID_ARGUMENT);
      assertTrue(rel.getMessage().contains("DUMP path '../../evil-rel' contains '..'"), rel.getMessage());
      FlowException link = failure(c.dump("vec", "out/evil-link", 1), Status.Code.INVALID_ARGUMENT);
      assertTrue(link.getMessage().contains("DUMP path 'out/evil-link' leads outside the workspace through a symbolic link"),
          link.getMessage());
      assertEquals(List.of("a", "outside"), list(tmp), "nothing written beside the workspace");
      assertEquals(List.of(), list(outside), "nor through the link");

      c.dump("vec", "dumps/v1", 2).get(20, TimeUnit.SECONDS);
      assertEquals(List.of("vectors-0.bin", "vectors-1.bin"), list(root.resolve("dumps/v1")), "a relative path lands under the workspace");
    }
  }

  @Test
  void aReloadCannotChangeTheWorkspaceOrLoadPathUnlessTheFlowAllowsIt() throws Exception {
    Path evil = tmp.resolve("evil-ws");
    try (Flow f = flow().build().start(); Client c = client(f)) {
      index(c, 3);
      List<String> before = replicas(c, "vec");
      FlowException ws = failure(c.rollingUpdate("vec", Map.of("workspace", evil.toString())), Status.Code.INVALID_ARGUMENT);
      assertTrue(ws.getMessage().contains("RELOAD of pod 'vec' may not change [workspace]: its executor (VectorIndexer) lets a "
          + "RELOAD change only [load_path], and workspace and load_path only where the Flow allows it"), ws.getMessage());
      FlowException load = failure(c.rollingUpdate("vec", Map.of("load_path", "/etc/passwd")), Status.Code.INVALID_ARGUMENT);
      assertTrue(load.getMessage().contains("may not change [load_path]") && !load.getMessage().contains("passwd"), load.getMessage());
      failure(c.rollingUpdate("vec", Map.of("metric", "euclidean")), Status.Code.INVALID_ARGUMENT);

      assertEquals(before, replicas(c, "vec"), "no replica was replaced, so nothing opened a path");
      assertFalse(Files.exists(evil));
      assertEquals(List.of("d0", "d1", "d2"), found(c));
    }
  }

  @Test
  void allowedReloadPathsAreConfinedToTheWorkspaceAndALoadPathInsideReloads() throws Exception {
    try (Flow f = flow().allowReloadPaths(true).build().start(); Client c = client(f)) {
      index(c, 3);
      List<String> before = replicas(c, "vec");
      FlowException passwd = failure(c.rollingUpdate("vec", Map.of("load_path", "/etc/passwd")), Status.Code.INVALID_ARGUMENT);
      assertTrue(passwd.status().description().startsWith("RELOAD load_path '/etc/passwd' lies outside the workspace; a path in a "
          + "control request must lie under the Flow's workspace " + root), passwd.getMessage());
      assertFalse(passwd.getMessage().contains("JFVI") || passwd.getMessage().contains("damaged"), "the file was never read");
      Path evil = tmp.resolve("evil-ws");
      failure(c.rollingUpdate("vec", Map.of("workspace", evil.toString())), Status.Code.INVALID_ARGUMENT);
      failure(c.rollingUpdate("vec", Map.of("workspace", "../../evil-ws")), Status.Code.INVALID_ARGUMENT);
      assertEquals(before, replicas(c, "vec"), "no replica was opened with any of them");
      assertFalse(Files.exists(evil));
      assertEquals(List.of("a"), list(tmp));

      c.dump("vec", "dumps/v1", 1).get(20, TimeUnit.SECONDS);
      c.delete(List.of("d0", "d1", "d2")).get(20, TimeUnit.SECONDS);
      assertEquals(List.of(), found(c));
      c.rollingUpdate("vec", Map.of("load_path", "dumps/v1")).get(20, TimeUnit.SECONDS);
      assertEquals(List.of("d0", "d1", "d2"), found(c), "a reloadable argument under the workspace still reloads");
    }
  }

  @Test
  void aPlainReloadKeepsAnInMemoryIndex() throws Exception {
    try (Flow f = flow().build().start(); Client c = client(f)) {
      assertEquals(List.of("vec"), c.reload("vec").get(20, TimeUnit.SECONDS), "an empty index has nothing to lose");
      index(c, 3);
      List<String> before = replicas(c, "vec");
      FlowException e = failure(c.reload("vec"), Status.Code.FAILED_PRECONDITION);
      assertTrue(e.getMessage().contains("RELOAD of pod 'vec' (VectorIndexer) refused, nothing was replaced: it keeps its "
          + "vectors in memory only, so a fresh instance would start empty"), e.getMessage());
      assertEquals(before, replicas(c, "vec"));
      assertEquals(List.of("d0", "d1", "d2"), found(c), "the index kept its data");
    }
  }

  @Test
  void aPersistentIndexReloadsWithoutLosingWhatItHolds() throws Exception {
    try (Flow f = Flow.builder().protocol("grpc").host("127.0.0.1").workspace(root).authenticator(adminOnly())
        .add(PodSpec.builder("vec").uses(VectorIndexer::new).with("workspace", root.resolve("live").toString()).build())
        .build().start(); Client c = client(f)) {
      index(c, 3);
      assertEquals(List.of("vec"), c.reload("vec").get(20, TimeUnit.SECONDS), "nothing to save first: every write is logged");
      assertEquals(List.of("d0", "d1", "d2"), found(c), "the fresh instance joined the index the old one held");
    }
  }

  @Test
  void theOtherStandardExecutorsRefuseAReloadThatWouldLoseWhatTheyHold() throws Exception {
    try (Flow f = Flow.builder().protocol("grpc").host("127.0.0.1").workspace(root).authenticator(adminOnly())
        .add(PodSpec.builder("enc").uses(TextEncoder::new).with("dim", 8).build())
        .add(PodSpec.builder("kv").uses(KeyValueIndexer::new).build())
        .add(PodSpec.builder("kvw").uses(KeyValueIndexer::new).with("workspace", root.resolve("live").toString()).build())
        .add(PodSpec.builder("cmp").uses(CompoundIndexer::new).build())
        .build().start(); Client c = client(f)) {
      c.index(List.of(Document.withId("t").text("a text to learn from"))).get(20, TimeUnit.SECONDS);
      Map<String, String> why = Map.of(
          "enc", "(TextEncoder) refused, nothing was replaced: it has learned document frequencies kept in memory only",
          "kv", "(KeyValueIndexer) refused, nothing was replaced: it keeps its documents in memory only",
          "cmp", "(CompoundIndexer) refused, nothing was replaced: it keeps its documents in memory only");
      for (Map.Entry<String, String> pod : why.entrySet()) {
        FlowException e = failure(c.reload(pod.getKey()), Status.Code.FAILED_PRECONDITION);
        assertTrue(e.getMessage().contains("RELOAD of pod '" + pod.getKey() + "' " + pod.getValue()), e.getMessage());
      }
      assertEquals(List.of("kvw"), c.reload("kvw").get(20, TimeUnit.SECONDS), "a persisted store is joined, not reopened");
      assertEquals(1, c.search(List.of(Document.withId("t")), 1).get(20, TimeUnit.SECONDS).get(0).docs().size());
      assertEquals("a text to learn from", c.search(List.of(Document.withId("t")), 1).get(20, TimeUnit.SECONDS).get(0)
          .docs().get(0).text(), "the document stores kept the document");
    }
  }
}
