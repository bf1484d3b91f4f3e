package dev.jflow.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ContainerEngine;
import dev.jflow.api.spi.ContainerRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine says before and without a container: bad requests, no engine. */
class DockerEngineTest {
  @TempDir
  Path dir;

  @Test
  void isFoundByItsScheme() {
    assertTrue(ServiceLoader.load(ContainerEngine.class).stream().anyMatch(p -> p.get().name().equals("docker")));
  }

  @Test
  void unusableVolumesAreRefusedBeforeDockerIsAsked() {
    DockerEngine engine = new DockerEngine(URI.create("unix://" + dir.resolve("no.sock")));
    ContainerRequest request = ContainerRequest.builder("jflow:1").volumes(List.of("relative/dir:/data", "/abs:data", "/abs:/data:rx", "models:/models:ro"))
        .env(java.util.Map.of("A=B", "c")).network("bad net").build();
    FlowException e = assertThrows(FlowException.class, () -> engine.start(request));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    for (String named : List.of("relative/dir:/data", "/abs:data", "/abs:/data:rx", "'A=B'", "network 'bad net'")) {
      assertTrue(e.getMessage().contains(named), () -> "names " + named + ": " + e.getMessage());
    }
    assertTrue(!e.getMessage().contains("models:/models:ro"), "a named volume is fine: " + e.getMessage());
  }

  @Test
  void theEngineTakesEveryVolumeTheOptionsTake() {
    List<String> volumes = List.of("/srv/x:/x:ro", "./data:/data", "../up:/up:rw", "models.v1:/models");
    ContainerRequest request = ContainerRequest.builder("jflow:1")
        .volumes(dev.jflow.api.ContainerOptions.builder().volumes(volumes).build().volumes()).build();
    List<String> binds = RequestCheck.binds(request).stream().map(b -> b.getPath() + ":" + b.getVolume().getPath() + ":" + b.getAccessMode())
        .toList();
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals(List.of("/srv/x:/x:ro", cwd.resolve("data") + ":/data:rw", cwd.getParent().resolve("up") + ":/up:rw",
        "models.v1:/models:rw"), binds, "a relative source not read from a file is relative to the working directory");
  }

  @Test
  void anEngineOnAnotherHostIsRefusedBeforeItIsAsked() {
    // 192.0.2.1 is TEST-NET-1: nothing answers there, so a connection attempt would wait out the connect timeout
    DockerEngine engine = new DockerEngine(URI.create("tcp://192.0.2.1:2375"));
    FlowException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(FlowException.class, () -> engine.start(ContainerRequest.builder("jflow:1").build())));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code(), e::getMessage);
    assertTrue(e.status().description().startsWith("docker:// pods need the Docker engine on this host (DOCKER_HOST=tcp://192.0.2.1:2375)")
        && e.getMessage().contains("published ports on 127.0.0.1"), e.getMessage());
  }

  @Test
  void localEnginesAreThoseOnASocketOrALoopbackAddress() {
    for (String local : List.of("unix:///var/run/docker.sock", "npipe:////./pipe/docker_engine", "tcp://127.0.0.1:2375",
        "tcp://127.1.2.3:2376", "tcp://localhost:2375", "tcp://[::1]:2375")) {
      assertTrue(DockerClients.isLocal(URI.create(local)), local);
    }
    for (String remote : List.of("tcp://192.0.2.1:2375", "tcp://docker.example:2375", "tcp://10.0.0.5:2376", "ssh://me@host")) {
      assertTrue(!DockerClients.isLocal(URI.create(remote)), remote);
    }
  }

  @Test
  void anEngineThatIsNotThereIsUnavailableAtOnce() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    for (String host : List.of("unix://" + dir.resolve("docker.sock"), "tcp://127.0.0.1:" + closed)) {
      DockerEngine engine = new DockerEngine(URI.create(host));
      FlowException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> assertThrows(FlowException.class, () -> engine.start(ContainerRequest.builder("jflow:1").build())));
      assertEquals(Status.Code.UNAVAILABLE, e.code(), e::getMessage);
      assertTrue(e.status().description().startsWith("no Docker engine answers at " + host), e.getMessage());
    }
  }
}
