package dev.jflow.api.spi;

/**
 * What a caller of a gateway may do, as its {@link Authenticator} decides. Over the network the
 * gateway's admission checks the role of every request; in-process, the Flow object's own methods
 * need none.
 */
public enum Role {
  /** Send data: index, search, update, delete and train requests. */
  DATA,
  /**
   * Control the Flow: the control commands RELOAD (and rolling updates), SCALE and DUMP, DUMP requests,
   * and the details (pods, replicas) of a STATUS answer. Includes {@link #DATA}.
   */
  ADMIN
}
