package dev.jflow.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ContainerRequest;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real engine: a start that fails at any step leaves no container behind. There is no
 * registry and no runnable image here, so the image is built FROM scratch with nothing to run: it can
 * be created, but not started (container-running tests are in it-tests' DockerPodIT).
 */
class DockerEngineCleanupTest {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String IMAGE = "jflow-engine-test:" + RUN;
  private static final Map<String, String> LABELS = Map.of("dev.jflow.test", RUN);
  private static DockerClients clients;

  private final DockerEngine engine = new DockerEngine();

  @BeforeAll
  static void buildAnImageWithNothingToRun(@TempDir Path context) throws Exception {
    DockerAvailable.assume();
    clients = new DockerClients(null);
    clients.acquire();
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY note /note\nCMD [\"/nothing-to-run\"]\n");
    Files.writeString(context.resolve("note"), "an image with nothing to run\n");
    clients.api().buildImageCmd(context.toFile()).withTags(Set.of(IMAGE)).withLabels(LABELS).withPull(false).withRemove(true)
        .exec(new BuildImageResultCallback()).awaitImageId(2, TimeUnit.MINUTES);
  }

  @AfterAll
  static void removeTheImage() {
    if (clients != null) {
      try {
        clients.api().removeImageCmd(IMAGE).withForce(true).exec();
      } catch (NotFoundException gone) {
        // not built
      } finally {
        clients.release();
      }
    }
  }

  @AfterEach
  void noContainerIsLeft() {
    List<String> left = clients.api().listContainersCmd().withShowAll(true).withLabelFilter(LABELS).exec().stream()
        .map(c -> c.getNames()[0]).toList();
    left.forEach(n -> clients.api().removeContainerCmd(n).withForce(true).exec());
    assertEquals(List.of(), left, "containers left behind");
  }

  private ContainerRequest.Builder request(String image) {
    return ContainerRequest.builder(image).name("jflow-engine-test").labels(LABELS).command(List.of("pod", "--name", "p"));
  }

  @Test
  void aMissingImageIsNotFoundAndNeverPulled() {
    String missing = "jflow-engine-test-missing:" + RUN;
    FlowException e = assertThrows(FlowException.class, () -> engine.start(request(missing).build()));
    assertEquals(Status.Code.NOT_FOUND, e.code(), e::getMessage);
    assertTrue(e.getMessage().contains("image " + missing + " is not in the Docker engine")
        && e.getMessage().contains("jflow image build --tag " + missing), e.getMessage());
  }

  @Test
  void aContainerThatCannotStartIsRemoved() {
    FlowException e = assertThrows(FlowException.class, () -> engine.start(request(IMAGE).build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code(), e::getMessage);
    assertTrue(e.status().description().startsWith("Docker refused starting container jflow-engine-test-")
        && e.getMessage().contains("\"pod\": executable file not found"), e.getMessage());
  }

  @Test
  void aNetworkThatIsNotThereFailsTheStartAndRemovesTheContainer() {
    String network = "jflow-no-such-network-" + RUN;
    FlowException e = assertThrows(FlowException.class, () -> engine.start(request(IMAGE).network(network).build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.code(), e::getMessage);
    assertTrue(e.getMessage().contains("network " + network), e.getMessage());
  }

  @Test
  void anInterruptedStartCreatesNothing() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedException.class, () -> engine.start(request(IMAGE).build()));
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aStartInterruptedWhileTheEngineCreatesTheContainerLeavesNoContainer() {
    clients.acquire(); // the launch gives it back when it fails
    try {
      // the engine made the container, but the interrupt came before its answer: there is no id to remove it by
      assertThrows(InterruptedException.class, () -> ContainerLaunch.start(clients, request(IMAGE).build(), List.of(), cmd -> {
        cmd.exec();
        Thread.currentThread().interrupt();
        throw new RuntimeException(new InterruptedIOException("interrupted while reading the engine's answer"));
      }));
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aCreateThatTimesOutAfterTheEngineMadeTheContainerLeavesNoContainer() {
    clients.acquire();
    FlowException e = assertThrows(FlowException.class, () -> ContainerLaunch.start(clients, request(IMAGE).build(), List.of(), cmd -> {
      cmd.exec();
      throw new RuntimeException(new SocketTimeoutException("Read timed out"));
    }));
    assertEquals(Status.Code.UNAVAILABLE, e.code(), e::getMessage);
  }
}
