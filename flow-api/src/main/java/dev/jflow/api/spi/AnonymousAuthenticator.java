package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;

/** {@link Authenticator#anonymous()}: data without credentials, control only in-process. */
final class AnonymousAuthenticator implements Authenticator {
  static final AnonymousAuthenticator INSTANCE = new AnonymousAuthenticator();

  private AnonymousAuthenticator() {}

  @Override
  public Caller authenticate(Credentials credentials) {
    if (credentials.bearerToken().isPresent()) {
      throw new FlowException(Status.Code.UNAUTHENTICATED, "this gateway has no bearer tokens configured, so the "
          + "token sent is not valid here: send none, or configure the gateway's tokens (" + Access.HOW_TO_CONFIGURE + ")");
    }
    return Caller.anonymous();
  }

  @Override
  public String toString() {
    return "anonymous";
  }
}
