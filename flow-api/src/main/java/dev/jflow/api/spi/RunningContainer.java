package dev.jflow.api.spi;

/**
 * One container a {@link ContainerEngine} started for a pod's replica. {@link #close()} stops and
 * removes it; it is idempotent, never throws, and returns once the engine removed it (or gave up,
 * saying so in the log).
 */
public interface RunningContainer extends AutoCloseable {

  /** The engine's id of the container. */
  String id();

  /** The container's name (unique, starting with the request's {@link ContainerRequest#name()}). */
  String name();

  /** The host this process reaches the container's port at (a published port on the loopback, typically). */
  String host();

  /** The port this process reaches the container's {@link ContainerRequest#port()} at. */
  int port();

  /** Whether the container still runs (asks the engine; false once it exited or is gone). */
  boolean isRunning();

  /**
   * Why the container is not running, for an error message: its exit status and the last lines of its
   * log, or a sentence saying that it runs. Never null, never throws.
   */
  String describe();

  @Override
  void close();
}
