package dev.jflow.cli;

import static dev.jflow.cli.CliRun.jflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.testing.ExecutorJars;
import dev.jflow.api.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jflow image build}: the build context it lays out with {@code --no-build} (a real jdeps and jlink
 * run over a small jflow: a jar of one class and picocli in lib/) and its usage errors. Building through
 * Docker is ImageBuildIT's (it-tests), with the packaged jflow.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ImageBuildCommandTest {
  @TempDir
  static Path dir;
  static Path app;
  static Path executors;

  @BeforeAll
  static void smallJflowAndAnExecutorJar() throws Exception {
    app = dir.resolve("app");
    ExecutorJars.compile(app.resolve("jflow.jar"), Map.of("app.Hello",
        "package app; public class Hello { public static void main(String[] a) { java.util.logging.Logger.getGlobal().info(\"hi\"); } }"));
    Path picocli = Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Files.createDirectories(app.resolve("lib"));
    Files.copy(picocli, app.resolve("lib").resolve(picocli.getFileName()));
    executors = dir.resolve("executors");
    ExecutorJars.shout(executors.resolve("shout.jar"));
  }

  @Test
  void noBuildLaysOutAContextFromScratchWithTheExecutorsAndTheirDefault() throws Exception {
    Path context = dir.resolve("context");
    CliRun run = jflow("image", "build", "--app", app.toString(), "--executors", executors.toString(), "--uses", ExecutorJars.SHOUT,
        "--tag", "my-pods:1.0", "--context", context.toString(), "--no-build", "--jvm-option=-Xmx1g", "--jvm-option", "-Dmy.flag=on");
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().contains("laid out the context of my-pods:1.0 in " + context), run.out());
    assertTrue(run.out().contains("docker build -t my-pods:1.0 " + context), "says how to build it: " + run.out());
    assertTrue(run.out().contains("1 in /app/ext (shout.jar)") && run.out().contains("default executor: JFLOW_USES=\"example.Shout\""), run.out());

    List<String> dockerfile = Files.readAllLines(context.resolve("Dockerfile"), StandardCharsets.UTF_8);
    assertEquals("FROM scratch", dockerfile.get(0));
    assertTrue(dockerfile.contains("COPY rootfs/ /"), dockerfile::toString);
    assertTrue(dockerfile.contains("ENV JFLOW_USES=\"example.Shout\""), dockerfile::toString);
    String entry = dockerfile.stream().filter(l -> l.startsWith("ENTRYPOINT [")).findFirst().orElseThrow();
    assertTrue(entry.startsWith("ENTRYPOINT [\"/jre/bin/java\", \"-XX:+UseSerialGC\""), entry);
    assertTrue(entry.contains("\"-Dsun.net.inetaddr.ttl=2\""), "a gateway follows Docker DNS: " + entry);
    assertTrue(entry.indexOf("\"-Xmx256m\"") < entry.indexOf("\"-Xmx1g\""), "the user's options come last and win: " + entry);
    assertTrue(entry.endsWith("\"-Dmy.flag=on\", \"-cp\", \"/app/jflow.jar:/app/lib/*:/app/ext/*\", \"dev.jflow.cli.Main\"]"), entry);

    Path rootfs = context.resolve("rootfs");
    assertTrue(Files.isRegularFile(rootfs.resolve("app/jflow.jar")) && Files.isRegularFile(rootfs.resolve("app/ext/shout.jar")));
    assertTrue(Files.isRegularFile(rootfs.resolve("app/lib").resolve(app.resolve("lib").toFile().list()[0])));
    assertTrue(Files.isDirectory(rootfs.resolve("tmp")));
    assertEquals(01777, (int) Files.getAttribute(rootfs.resolve("tmp"), "unix:mode") & 07777,
        "/tmp is writable by any user the container runs as, with the sticky bit, as on any Linux");
    assertTrue(!entry.contains("onnxruntime") && Files.notExists(rootfs.resolve("app/native")), "no ONNX Runtime, no /app/native");
    try (Stream<Path> s = Files.walk(rootfs)) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("libc.so.6")), "glibc goes into the image");
    }
    Path java = rootfs.resolve("jre/bin/java");
    assertTrue(Files.isExecutable(java), "a jlink runtime in /jre");
    Process modules = new ProcessBuilder(java.toString(), "--list-modules").redirectErrorStream(true).start();
    String listed = new String(modules.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(modules.waitFor(60, TimeUnit.SECONDS) && modules.exitValue() == 0, listed);
    for (String m : List.of("java.base", "java.logging", "jdk.unsupported", "java.naming")) {
      assertTrue(listed.contains(m + "@"), "the runtime has " + m + ": " + listed);
    }
    assertTrue(!listed.contains("java.desktop") && !listed.contains("jdk.jlink"), "and not what nothing needs: " + listed);

    assertTrue(Files.isRegularFile(context.resolve(".jflow-image-context")), "the context is marked as jflow's");
    Files.writeString(rootfs.resolve("stale.txt"), "from the earlier context");
    CliRun again = jflow("image", "build", "--app", app.toString(), "--context", context.toString(), "--no-build");
    assertEquals(0, again.status(), "a context laid out before is replaced: " + again.out() + again.err());
    assertTrue(Files.notExists(rootfs.resolve("stale.txt")) && Files.isRegularFile(rootfs.resolve("app/jflow.jar")));
  }

  @Test
  void aUsersOwnDockerfileAndRootfsAreRefusedAndKept() throws IOException {
    Path context = Files.createDirectories(dir.resolve("mine").resolve("rootfs"));
    Files.writeString(context.resolve("app.conf"), "mine");
    Files.writeString(context.resolveSibling("Dockerfile"), "FROM scratch\nCOPY rootfs/ /\n");
    CliRun run = jflow("image", "build", "--app", app.toString(), "--context", context.getParent().toString(), "--no-build");
    assertEquals(2, run.status(), run.out() + run.err());
    assertTrue(run.err().contains("context directory " + context.getParent() + " holds [Dockerfile, rootfs] but is not a context"
        + " jflow image build laid out (it has no .jflow-image-context file), so it is kept"), run.err());
    assertEquals("mine", Files.readString(context.resolve("app.conf")));
    assertEquals("FROM scratch\nCOPY rootfs/ /\n", Files.readString(context.resolveSibling("Dockerfile")));
  }

  @Test
  void aContextDirectoryWithOtherFilesIsRefusedAndKept() throws IOException {
    Path context = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(context.resolve("notes.txt"), "mine");
    CliRun run = jflow("image", "build", "--app", app.toString(), "--context", context.toString(), "--no-build");
    assertEquals(2, run.status(), run.out() + run.err());
    assertTrue(run.err().contains("context directory " + context + " holds [notes.txt] but is not a context"), run.err());
    Files.writeString(context.resolve(".jflow-image-context"), "");
    CliRun marked = jflow("image", "build", "--app", app.toString(), "--context", context.toString(), "--no-build");
    assertEquals(2, marked.status(), marked.out() + marked.err());
    assertTrue(marked.err().contains("context directory " + context + " holds other files [notes.txt] besides an earlier context"),
        marked.err());
    assertEquals("mine", Files.readString(context.resolve("notes.txt")));
  }

  @Test
  void usageErrorsSayWhatIsWrong() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String context = dir.resolve("unused").toString();
    String appDir = app.toString();
    assertUsage("a subcommand is required: build", "image");
    assertUsage("--no-build only lays out the build context: give --context DIR", "image", "build", "--app", appDir, "--no-build");
    assertUsage("executors directory " + empty + " holds no .jar files", "image", "build", "--app", appDir, "--executors", empty.toString(),
        "--context", context, "--no-build");
    assertUsage("executors directory " + dir.resolve("nope") + " does not exist", "image", "build", "--app", appDir,
        "--executors", dir.resolve("nope").toString(), "--context", context, "--no-build");
    assertUsage("--tag 'My-Pods:1' is not an image name NAME[:TAG]", "image", "build", "--app", appDir, "--tag", "My-Pods:1");
    assertUsage("executor example.Missing is a class in none of the image's jars", "image", "build", "--app", appDir,
        "--executors", executors.toString(), "--uses", "example.Missing", "--context", context, "--no-build");
    assertUsage("no jflow.jar and lib/*.jar in " + empty, "image", "build", "--app", empty.toString(), "--context", context, "--no-build");
    // the tests run jflow from target/classes, not from a packaged jar
    assertUsage("the running jflow is not a packaged jar", "image", "build", "--context", context, "--no-build");
    assertTrue(Files.notExists(Path.of(context)), "nothing was laid out");
  }

  @Test
  void noDockerEngineSaysHowToStartOne() {
    String host = "tcp://127.0.0.1:" + Ports.free();
    System.setProperty("DOCKER_HOST", host); // docker-java reads it as it reads the variable
    try {
      CliRun run = jflow("image", "build", "--app", app.toString(), "--tag", "never-built:1");
      assertEquals(1, run.status(), run.out() + run.err());
      assertTrue(run.err().contains("jflow image build: no Docker engine answers at " + host) && run.err().contains("DOCKER_HOST"),
          run.err());
    } finally {
      System.clearProperty("DOCKER_HOST");
    }
  }

  private static void assertUsage(String message, String... args) {
    CliRun run = jflow(args);
    assertEquals(2, run.status(), () -> String.join(" ", args) + ": " + run.out() + run.err());
    assertTrue(run.err().contains(message), () -> String.join(" ", args) + ": " + run.err());
  }
}
