package dev.jflow.api.spi;

import dev.jflow.api.Request;
import java.util.List;

/**
 * An executor that combines the parts of one request: the results of every shard of an ALL-polling pod
 * (as its {@code usesAfter}), or the parts arriving at a join (as its {@code uses}). JFlow calls
 * {@link #reduce} and then {@link #handle} on the result. Built-ins: {@code _merge},
 * {@code _merge_chunks}, {@code _merge_matches}, {@code _merge_matches_topk}, {@code _concat}.
 */
@SuppressWarnings("try") // close() may throw any exception, as user code does
public interface Reducer extends Executor {

  /** Combines {@code parts} (in shard order, or in the order of the join's needs) into one request. */
  Request reduce(List<Request> parts) throws Exception;

  /** Does nothing more by default: the reduced request goes on as it is. */
  @Override
  default void handle(Request request) throws Exception {}
}
