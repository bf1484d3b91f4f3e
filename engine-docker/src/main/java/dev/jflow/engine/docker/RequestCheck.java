package dev.jflow.engine.docker;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ContainerRequest;
import java.util.ArrayList;
import java.util.List;

/** Checks what a {@link ContainerRequest} leaves to the engine (volumes, env names, network) before Docker is asked. */
final class RequestCheck {
  /** A named volume, as Docker names them. */
  private static final String VOLUME_NAME = "[a-zA-Z0-9][a-zA-Z0-9_.-]*";

  private RequestCheck() {
  }

  /**
   * The request's volumes as Docker binds.
   *
   * @throws FlowException INVALID_ARGUMENT listing every unusable volume, environment name or network
   */
  static List<Bind> binds(ContainerRequest request) {
    List<String> problems = new ArrayList<>();
    List<Bind> binds = new ArrayList<>();
    for (String v : request.volumes()) {
      String[] parts = v == null ? new String[0] : v.split(":", -1);
      boolean mode = parts.length == 3 && parts[2].matches("ro|rw");
      if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !mode) || !parts[1].startsWith("/")
          || !(parts[0].startsWith("/") || parts[0].matches(VOLUME_NAME))) {
        problems.add("volume '" + v + "' is not SOURCE:/TARGET[:ro|rw] with SOURCE an absolute host path or a volume name");
        continue;
      }
      binds.add(new Bind(parts[0], new Volume(parts[1]), parts.length == 3 && parts[2].equals("ro") ? AccessMode.ro : AccessMode.rw));
    }
    request.env().forEach((k, value) -> {
      if (k.isEmpty() || k.contains("=") || k.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
        problems.add("environment variable '" + k + "' needs a name without '=' and a value without NUL");
      }
    });
    if (request.network() != null && !request.network().matches(VOLUME_NAME)) {
      problems.add("network '" + request.network() + "' is not a network's name or id");
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "container of image " + request.image() + ": " + String.join("; ", problems));
    }
    return binds;
  }
}
