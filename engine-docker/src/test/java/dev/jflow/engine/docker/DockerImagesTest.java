package dev.jflow.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images built FROM scratch on the real Docker engine, tagged {@code jflow-images-test:<random>} and removed after. */
class DockerImagesTest {
  private static final Map<String, String> LABELS = Map.of("dev.jflow.test", "DockerImagesTest");

  private static DockerImages engine() {
    try {
      return DockerImages.connect();
    } catch (FlowException e) {
      Assumptions.abort("no Docker engine: " + e.getMessage());
      throw e;
    }
  }

  private static String tag() {
    return "jflow-images-test:" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void buildsAnImageFromScratchWithItsLabelsAndRemovesIt(@TempDir Path context) throws IOException {
    Files.writeString(context.resolve("hello.txt"), "hello from the image\n");
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    String tag = tag();
    try (DockerImages images = engine()) {
      try {
        assertFalse(images.exists(tag));
        String id = images.build(context, tag, LABELS);
        assertFalse(id.isBlank());
        assertTrue(images.exists(tag), "the image is tagged " + tag);
        assertTrue(images.size(tag) >= "hello from the image\n".length(), "its size counts the copied file");
        assertEquals("DockerImagesTest", images.labels(tag).get("dev.jflow.test"), "labelled as asked");
        assertTrue(images.remove(tag));
        assertFalse(images.exists(tag), "removed");
        assertFalse(images.remove(tag), "removing it again finds nothing");
      } finally {
        images.remove(tag);
      }
    }
  }

  @Test
  void aFailedBuildNamesTheImageAndTheEnginesReason(@TempDir Path context) throws IOException {
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY missing.txt /\n");
    String tag = tag();
    try (DockerImages images = engine()) {
      try {
        FlowException e = assertThrows(FlowException.class, () -> images.build(context, tag, LABELS));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.status().code());
        assertTrue(e.getMessage().contains(tag) && e.getMessage().contains("missing.txt"), e.getMessage());
        assertFalse(images.exists(tag));
      } finally {
        images.remove(tag);
      }
    }
  }

  @Test
  void aContextWithoutDockerfileIsRefusedBeforeTheEngineIsAsked(@TempDir Path context) {
    try (DockerImages images = engine()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> images.build(context, tag(), LABELS));
      assertTrue(e.getMessage().contains("no Dockerfile in " + context), e.getMessage());
    }
  }

  @Test
  void noEngineAtTheAddressSaysHowToStartOne() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    String host = "tcp://127.0.0.1:" + port;
    FlowException e = assertThrows(FlowException.class,
        () -> DockerImages.connect(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).withDockerTlsVerify(false).build()));
    assertEquals(Status.Code.UNAVAILABLE, e.status().code());
    assertTrue(e.getMessage().contains("no Docker engine answers at " + host) && e.getMessage().contains("DOCKER_HOST"), e.getMessage());
  }
}
