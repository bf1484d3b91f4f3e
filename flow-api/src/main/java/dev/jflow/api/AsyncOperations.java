package dev.jflow.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The async CRUD calls of {@link AsyncFlow} and {@link Client}: futures, and publishers that stream responses. */
public interface AsyncOperations extends CrudOperations<CompletableFuture<List<Response>>> {

  /**
   * Like {@link #call} but streams each response as it arrives, as a publisher honouring demand: no
   * more than {@code prefetch} requests are sent ahead of what the subscriber has taken. Callbacks and
   * {@code returnResults} do not apply. Each subscription runs the call once.
   */
  java.util.concurrent.Flow.Publisher<Response> stream(RequestType type, Inputs inputs, CallOptions options);
}
