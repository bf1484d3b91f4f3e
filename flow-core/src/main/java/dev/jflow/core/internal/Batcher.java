package dev.jflow.core.internal;

import dev.jflow.api.Input;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a call's input into batches of {@code requestSize} items (all of it in one batch when the size
 * is 0), asks the input for no more than the rest of one batch at a time, and knows when the input
 * ended. Not thread-safe: the call guards it.
 */
final class Batcher {
  private final int requestSize;
  private List<Input> batch = new ArrayList<>();
  private long awaited; // asked of the input and not delivered yet
  private boolean done;

  Batcher(int requestSize) {
    this.requestSize = requestSize;
  }

  /**
   * How many items to ask the input for now, counted as awaited: the rest of the batch (unbounded
   * with request size 0), or 0 while an earlier ask is still being answered or once the input ended.
   */
  long ask() {
    if (done || awaited > 0) {
      return 0;
    }
    awaited = requestSize > 0 ? requestSize - batch.size() : Long.MAX_VALUE;
    return awaited;
  }

  /** Adds an item the input delivered; true when it fills the batch, which is then to be {@link #take() taken}. */
  boolean add(Input item) {
    awaited--;
    batch.add(item);
    return requestSize > 0 && batch.size() >= requestSize;
  }

  /** The batch so far; a new one starts. */
  List<Input> take() {
    List<Input> full = batch;
    batch = new ArrayList<>(Math.max(requestSize, 1));
    return full;
  }

  /** The input ended: returns its last, partial batch, or null when it has none. */
  List<Input> end() {
    done = true;
    return batch.isEmpty() ? null : take();
  }

  /** Whether the input ended. */
  boolean done() {
    return done;
  }
}
