package dev.jflow.engine.docker;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.ContainerEngine;
import dev.jflow.api.spi.ContainerRequest;
import dev.jflow.api.spi.RunningContainer;

/** The {@code docker} container engine (skeleton: filled in by the next commits). */
public final class DockerEngine implements ContainerEngine {
  /** Found by {@link java.util.ServiceLoader}. */
  public DockerEngine() {
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public RunningContainer start(ContainerRequest request) {
    throw new FlowException(Status.Code.FAILED_PRECONDITION, "the docker engine is not built yet");
  }
}
