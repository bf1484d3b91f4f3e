package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.api.testing.ExecutorJars;
import dev.jflow.engine.docker.DockerImages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * {@code jflow image build} as a user runs it: the packaged jflow ({@code jflow.it.app}) builds an image
 * with a user's executor jar (compiled here) as its default executor; a container of that image, started
 * with a bare {@code jflow pod}, serves that executor to a Flow in this JVM. The image is removed after,
 * or by a shutdown hook when the JVM is stopped first.
 */
@ExtendWith(DockerImageExtension.class)
class ImageBuildIT {
  @Test
  void buildsAnImageThatServesTheUsersExecutorByDefault(@TempDir Path dir) throws Exception {
    Path executors = dir.resolve("executors");
    ExecutorJars.shout(executors.resolve("shout.jar"));
    String tag = "jflow-it-build:" + UUID.randomUUID().toString().substring(0, 8);
    try (DockerImages images = DockerImages.connect()) {
      // a JVM stopped mid-test (Ctrl-C, a Failsafe timeout) still stops the build and removes the image
      AtomicReference<Process> build = new AtomicReference<>();
      Thread removeAtExit = new Thread(() -> {
        Process p = build.get();
        if (p != null) {
          p.destroyForcibly();
        }
        try {
          images.remove(tag);
        } catch (RuntimeException e) {
          System.err.println("jflow-it: cannot remove image " + tag + " (docker rmi -f " + tag + "): " + e);
        }
      }, "jflow-it-build-image-removal");
      Runtime.getRuntime().addShutdownHook(removeAtExit);
      try {
        String out = jflow(dir, build, "image", "build", "--executors", executors.toString(), "--uses", ExecutorJars.SHOUT, "--tag", tag);
        System.out.print(out);
        assertTrue(out.contains("jflow image build: built " + tag + " in "), out);
        assertTrue(out.contains("1 in /app/ext (shout.jar)") && out.contains("default executor: JFLOW_USES=\"example.Shout\""), out);
        assertTrue(images.exists(tag), "the image is on the engine: " + tag);
        List<String> entrypoint = List.of(DockerClientFactory.instance().client().inspectImageCmd(tag).exec().getConfig().getEntrypoint());
        assertTrue(entrypoint.contains("-Dsun.net.inetaddr.ttl=2") && entrypoint.contains("/app/jflow.jar:/app/lib/*:/app/ext/*"),
            entrypoint::toString);

        try (JflowContainer pod = JflowContainer.defaultPod(tag, "shout", "shout")) {
          pod.start();
          try (Flow flow = Flow.builder().name("image-build").protocol("grpc").host("127.0.0.1").add("shout", pod.grpcAddress())
              .build().start()) {
            Map<String, String> back = new TreeMap<>();
            for (Response r : flow.index(Inputs.of(Corpus.docs(0, 8)))) {
              assertFalse(r.isError(), () -> "request " + r.requestId() + " failed: " + r.status());
              r.docs().forEach(d -> back.put(d.id(), d.text()));
            }
            assertEquals(8, back.size(), back::toString);
            back.forEach((id, text) -> assertEquals(Corpus.text(Corpus.number(id)).toUpperCase(Locale.ROOT) + "!", text,
                id + " went through the user's executor in the container"));
          }
        }
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(removeAtExit);
        } catch (IllegalStateException alreadyShuttingDown) {
          // the hook removes it
        }
        if (images.remove(tag)) {
          System.out.println("jflow-it: removed image " + tag);
        }
      }
    }
  }

  /** Runs the packaged {@code jflow args...} (set in {@code running}) to its end (up to 10 minutes: jlink and the build take a while on a busy machine). */
  private static String jflow(Path dir, AtomicReference<Process> running, String... args) throws Exception {
    Path app = Path.of(System.getProperty("jflow.it.app", "target/jflow-app"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", app.resolve("jflow.jar") + File.pathSeparator + app.resolve("lib") + File.separator + "*", "dev.jflow.cli.Main"));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("jflow.out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    running.set(p);
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("jflow " + String.join(" ", args) + " did not end within 10 minutes:\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), () -> "jflow " + String.join(" ", args) + " failed:\n" + out);
    return out;
  }
}
