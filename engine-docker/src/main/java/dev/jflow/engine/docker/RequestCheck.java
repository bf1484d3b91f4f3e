package dev.jflow.engine.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.jflow.api.ContainerOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ContainerRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks what a {@link ContainerRequest} leaves to the engine (volumes, env names, network) before Docker is asked. */
final class RequestCheck {
  /** A network's name or id, as Docker names them. */
  private static final String NETWORK_NAME = "[a-zA-Z0-9][a-zA-Z0-9_.-]*";

  private RequestCheck() {
  }

  /**
   * The request's volumes as Docker binds, read by {@link ContainerOptions.Volume#parse} (a relative source is
   * resolved against the working directory).
   *
   * @throws FlowException INVALID_ARGUMENT listing every unusable volume, environment name or network
   */
  static List<Bind> binds(ContainerRequest request) {
    List<String> problems = new ArrayList<>();
    List<Bind> binds = new ArrayList<>();
    for (String v : request.volumes()) {
      ContainerOptions.Volume volume;
      try {
        volume = ContainerOptions.Volume.parse(v);
      } catch (FlowException e) {
        problems.add(e.status().description());
        continue;
      }
      // a relative source not resolved against a YAML file is relative to the working directory, as Docker cannot take one
      String source = volume.isRelative() ? Path.of(volume.source()).toAbsolutePath().normalize().toString() : volume.source();
      binds.add(new Bind(source, new Volume(volume.target()), volume.readOnly() ? AccessMode.ro : AccessMode.rw));
    }
    request.env().forEach((k, value) -> {
      if (k.isEmpty() || k.contains("=") || k.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
        problems.add("environment variable '" + k + "' needs a name without '=' and a value without NUL");
      }
    });
    if (request.network() != null && !request.network().matches(NETWORK_NAME)) {
      problems.add("network '" + request.network() + "' is not a network's name or id");
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "container of image " + request.image() + ": " + String.join("; ", problems));
    }
    return binds;
  }
}
