package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;

/**
 * A remote pod's failure that no other layer retries: the remote answered it (its request may have
 * been processed), or the remote pod already tried another endpoint. The replica layer's own retry on
 * UNAVAILABLE skips it, so one request is sent at most twice by a remote pod.
 */
final class RemoteFailure extends FlowException {
  private static final long serialVersionUID = 1L;

  /** A failure with {@code status}. */
  RemoteFailure(Status status) {
    super(status);
  }

  /** Whether {@code t} (unwrapped) is a remote failure not to retry. */
  static boolean is(Throwable t) {
    return dev.jflow.api.internal.Futures.unwrap(t) instanceof RemoteFailure;
  }
}
