package dev.jflow.api.spi;

/**
 * A container engine that runs pods declared {@code uses: <name()>://IMAGE[:TAG]} (Docker:
 * {@code docker://}), found with {@link java.util.ServiceLoader}: register the class in
 * {@code META-INF/services/dev.jflow.api.spi.ContainerEngine}. It needs a public no-arg constructor
 * that never throws. The Flow asks it for one container per replica and reaches each as a remote pod
 * at {@link RunningContainer#host()} and {@link RunningContainer#port()}.
 */
public interface ContainerEngine {

  /** The scheme pods name it by: {@code docker}. */
  String name();

  /** Higher wins among engines of one name; 0 to 10, default 5. */
  default int priority() {
    return 5;
  }

  /** Whether this engine's libraries are present (not whether its daemon answers: {@link #start} says that). Default true. */
  default boolean isAvailable() {
    return true;
  }

  /**
   * Creates and starts one container, publishing {@link ContainerRequest#port()} where this process
   * can reach it, and returns once it runs (not once it serves: the Flow probes it). On any failure
   * nothing it created is left behind.
   *
   * @throws dev.jflow.api.FlowException UNAVAILABLE when the engine does not answer, NOT_FOUND when
   *     the image is not there, FAILED_PRECONDITION when the container cannot be created or started;
   *     each naming the image and the engine's own words
   * @throws InterruptedException if interrupted while waiting for the engine (nothing is left behind)
   */
  RunningContainer start(ContainerRequest request) throws InterruptedException;
}
