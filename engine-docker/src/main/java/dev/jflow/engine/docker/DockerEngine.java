package dev.jflow.engine.docker;

import com.github.dockerjava.api.model.Bind;
import dev.jflow.api.spi.ContainerEngine;
import dev.jflow.api.spi.ContainerRequest;
import dev.jflow.api.spi.RunningContainer;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The {@code docker} container engine: starts each pod replica as a container through the Docker
 * Engine API at {@code DOCKER_HOST} (default {@code unix:///var/run/docker.sock}), publishing its port on
 * 127.0.0.1 and following its log. Images are never pulled: a missing one is NOT_FOUND. The engine must
 * run on this host (a unix or npipe socket, or tcp to a loopback address), else a start is FAILED_PRECONDITION. Its Docker
 * clients are made for the first container and closed with the last one.
 */
public final class DockerEngine implements ContainerEngine {
  private final DockerClients clients;

  /** The engine at {@code DOCKER_HOST} (or docker-java's settings, else the default socket); found by {@link java.util.ServiceLoader}. */
  public DockerEngine() {
    this(null);
  }

  /** The engine at {@code host} ({@code unix:///path} or {@code tcp://host:port}); null for the default. */
  DockerEngine(URI host) {
    this.clients = new DockerClients(host);
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public RunningContainer start(ContainerRequest request) throws InterruptedException {
    Objects.requireNonNull(request, "request");
    List<Bind> binds = RequestCheck.binds(request);
    clients.acquire();
    return ContainerLaunch.start(clients, request, binds);
  }

  @Override
  public String toString() {
    return "DockerEngine{" + clients.host() + "}";
  }
}
