package dev.jflow.it;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.google.gson.JsonParser;
import dev.jflow.api.Client;
import dev.jflow.api.testing.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * One {@code jflow} process in a container of a jflow image (the run's {@link JflowImage}, or one that
 * {@code jflow image build} made): a remote pod ({@code jflow pod}) or a gateway serving a Flow from
 * YAML ({@code jflow flow}). It uses the host's network and listens
 * on its own free port of 127.0.0.1, which it keeps when stopped and started again. Started means its
 * "serving at" line was printed and it answers a status request saying it is ready (which also warms
 * it up: a cold JVM on a busy machine can take seconds over its first request). Its output goes to the
 * test's output, prefixed with its name.
 */
final class JflowContainer extends GenericContainer<JflowContainer> {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Pattern SERVING = Pattern.compile("serving at ");

  private final String label;
  private final int port;
  private final boolean http;

  private JflowContainer(String image, String label, int port, boolean http, List<String> command) {
    super(DockerImageName.parse(image));
    this.label = label;
    this.port = port;
    this.http = http;
    withImagePullPolicy(name -> false); // built locally; there is no registry to pull from
    withNetworkMode("host");
    withCommand(command.toArray(String[]::new));
    withLogConsumer(frame -> {
      String text = frame.getUtf8String();
      if (!text.isEmpty()) {
        System.out.print("[" + label + "] " + text);
      }
    });
    waitingFor(Wait.forLogMessage("(?s).*serving at .*", 1).withStartupTimeout(STARTUP));
  }

  /** A remote pod named {@code name} serving {@code uses} (an executor's short name) with the {@code with} arguments. */
  static JflowContainer pod(JflowImage image, String label, String name, String uses, Map<String, ?> with) {
    int port = Ports.free();
    List<String> command = new ArrayList<>(List.of("pod", "--uses", uses, "--name", name, "--host", "127.0.0.1",
        "--port-expose", Integer.toString(port)));
    with.forEach((k, v) -> command.addAll(List.of("--with", k + "=" + v)));
    return new JflowContainer(image.name(), label, port, false, command);
  }

  /** A remote pod named {@code name} in a container of {@code image}, serving the image's default executor ({@code JFLOW_USES}). */
  static JflowContainer defaultPod(String image, String label, String name) {
    int port = Ports.free();
    return new JflowContainer(image, label, port, false, List.of("pod", "--name", name, "--host", "127.0.0.1",
        "--port-expose", Integer.toString(port)));
  }

  /** A restful gateway serving the Flow in the class path resource {@code yaml}, copied into the container. */
  static JflowContainer restfulFlow(JflowImage image, String label, String yaml) {
    int port = Ports.free();
    return new JflowContainer(image.name(), label, port, true, List.of("flow", "--uses", "/flow/flow.yml", "--host", "127.0.0.1",
        "--port-expose", Integer.toString(port)))
        .withCopyFileToContainer(MountableFile.forClasspathResource(yaml), "/flow/flow.yml");
  }

  @Override
  protected void containerIsStarted(InspectContainerResponse info) {
    Awaitility.await(label + " ready").atMost(STARTUP).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(this::answersReady);
  }

  /** Whether a status request (gRPC, or HTTP GET /status for a restful gateway) says it is ready. */
  private boolean answersReady() throws Exception {
    if (http) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && JsonParser.parseString(r.body()).getAsJsonObject().get("ready").getAsBoolean();
    }
    try (Client c = Client.connect("grpc", "127.0.0.1", port)) {
      return c.status().get(10, TimeUnit.SECONDS).ready();
    }
  }

  /** The port it listens on (127.0.0.1). */
  int port() {
    return port;
  }

  /** Its address as a Flow's {@code uses} names a remote pod: {@code grpc://127.0.0.1:<port>}. */
  String grpcAddress() {
    return "grpc://127.0.0.1:" + port;
  }

  /** Kills the process at once (SIGKILL, {@code docker kill}); the container stays, stopped. */
  void kill() {
    getDockerClient().killContainerCmd(getContainerId()).exec();
  }

  /** Stops the process as {@code docker stop} does (SIGTERM, then SIGKILL after 10 s) and returns its exit code. */
  long stopProcess() {
    getDockerClient().stopContainerCmd(getContainerId()).withTimeout(10).exec();
    Long code = getDockerClient().inspectContainerCmd(getContainerId()).exec().getState().getExitCodeLong();
    return code == null ? -1 : code;
  }

  /** Starts the stopped container again (same command, same port) and waits for its next "serving at" line. */
  void startAgain() {
    int before = servingLines();
    getDockerClient().startContainerCmd(getContainerId()).exec();
    Awaitility.await(label + " serving again").atMost(STARTUP).pollInterval(Duration.ofMillis(200))
        .until(() -> servingLines() > before);
  }

  private int servingLines() {
    Matcher m = SERVING.matcher(getLogs());
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Override
  public String toString() {
    return label + " (" + getDockerImageName() + ", port " + port + ")";
  }
}
