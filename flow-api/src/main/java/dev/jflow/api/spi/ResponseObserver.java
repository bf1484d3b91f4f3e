package dev.jflow.api.spi;

import dev.jflow.api.Response;

/** Receives the responses of one client call, in the style of a gRPC {@code StreamObserver}. */
public interface ResponseObserver {

  /** One response; may be called from any thread, never concurrently for one call. */
  void onNext(Response response);

  /** The call failed (a {@link dev.jflow.api.FlowException} naming why); nothing follows. */
  void onError(Throwable error);

  /** The server finished the call after answering every request; nothing follows. */
  void onCompleted();
}
