package dev.jflow.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ContainerRequest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The steps of one {@link DockerEngine#start}: check the image is there (never pulled), create the
 * container (publishing its port on 127.0.0.1), join the network, start it, follow its log and find
 * its published port. Whatever was created is removed when a step fails or the thread is interrupted.
 */
final class ContainerLaunch {
  /** The label every container of the engine carries. */
  static final String LABEL = "dev.jflow";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** How a container is created: the engine's answer is its id. */
  static final Function<CreateContainerCmd, String> CREATE = cmd -> cmd.exec().getId();

  private final DockerClients clients;
  private final DockerClient api;
  private final ContainerRequest request;
  private final String name;
  private final Function<CreateContainerCmd, String> create;
  private boolean createAsked; // the engine may have made the container even when no id came back
  private String id;
  private LogLines logs;
  private String step;

  private ContainerLaunch(DockerClients clients, ContainerRequest request, Function<CreateContainerCmd, String> create) {
    this.clients = clients;
    this.create = create;
    this.api = clients.api();
    this.request = request;
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    this.name = request.name() + "-" + HexFormat.of().formatHex(suffix);
  }

  /** Starts {@code request}'s container with {@code clients} (acquired by the caller, given back here on failure). */
  static DockerContainer start(DockerClients clients, ContainerRequest request, List<Bind> binds) throws InterruptedException {
    return start(clients, request, binds, CREATE);
  }

  /** As {@link #start(DockerClients, ContainerRequest, List)}, creating the container with {@code create} (tests lose its answer). */
  static DockerContainer start(DockerClients clients, ContainerRequest request, List<Bind> binds,
      Function<CreateContainerCmd, String> create) throws InterruptedException {
    ContainerLaunch launch = new ContainerLaunch(clients, request, create);
    try {
      return launch.run(binds);
    } catch (InterruptedException | RuntimeException e) {
      launch.undo();
      if (e instanceof RuntimeException && DockerErrors.isInterrupt(e)) {
        InterruptedException interrupted = new InterruptedException("interrupted while " + launch.step);
        interrupted.initCause(e);
        throw interrupted;
      }
      if (e instanceof InterruptedException) {
        throw (InterruptedException) e;
      }
      throw DockerErrors.map((RuntimeException) e, launch.step, clients.host());
    } catch (Error e) {
      launch.undo();
      throw e;
    }
  }

  private DockerContainer run(List<Bind> binds) throws InterruptedException {
    step("looking up image " + request.image());
    try {
      api.inspectImageCmd(request.image()).exec();
    } catch (NotFoundException e) {
      throw new FlowException(Status.of(Status.Code.NOT_FOUND, "image " + request.image() + " is not in the Docker engine at "
          + clients.host() + " (images are never pulled): build it with `jflow image build --tag " + request.image() + "`").withCause(e));
    }
    step("creating a container of image " + request.image());
    ExposedPort port = ExposedPort.tcp(request.port());
    Map<String, String> labels = new LinkedHashMap<>(request.labels());
    labels.put(LABEL, "true");
    HostConfig host = HostConfig.newHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port))
        .withBinds(binds);
    CreateContainerCmd cmd = api.createContainerCmd(request.image()).withName(name).withCmd(request.command())
        .withEnv(request.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
        .withLabels(labels).withExposedPorts(port).withHostConfig(host);
    createAsked = true;
    id = create.apply(cmd);
    if (request.network() != null) {
      step("connecting container " + name + " to network " + request.network());
      api.connectToNetworkCmd().withContainerId(id).withNetworkId(request.network()).exec();
    }
    step("starting container " + name + " of image " + request.image());
    api.startContainerCmd(id).exec();
    step("following the log of container " + name);
    logs = clients.streams().logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).exec(new LogLines(request.logs()));
    step("inspecting container " + name);
    InspectContainerResponse info = api.inspectContainerCmd(id).exec();
    Ports.Binding[] published = info.getNetworkSettings() == null ? null : info.getNetworkSettings().getPorts().getBindings().get(port);
    if (published == null || published.length == 0 || published[0].getHostPortSpec() == null) {
      throw new FlowException(Status.Code.FAILED_PRECONDITION, "container " + name + " stopped as it started, so its port "
          + request.port() + " is not published: " + DockerContainer.describe(api, id, name, request.image(), logs));
    }
    return new DockerContainer(clients, id, name, request.image(), Integer.parseInt(published[0].getHostPortSpec()), logs);
  }

  private void step(String what) throws InterruptedException {
    step = what;
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before " + what);
    }
  }

  /**
   * Removes what was created, with the interrupt put aside (the engine's socket would refuse to work). A
   * create that timed out or was interrupted may have made the container without its id coming back: it
   * is removed by its name, which is unique.
   */
  private void undo() {
    boolean interrupted = Thread.interrupted();
    try {
      if (id != null || createAsked) {
        DockerContainer.remove(api, id != null ? id : name, name);
      }
      DockerContainer.quietly(logs);
      clients.release();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
