package dev.jflow.api;

import dev.jflow.api.spi.Executor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Which executor a pod (or its head or tail) runs: by name — a built-in such as {@code _pass} or
 * {@code _merge_matches_topk}, a class name with a public no-arg constructor, or a remote pod
 * {@code grpc://host:port} — or made by a factory called once per instance.
 *
 * @param name the executor's name, or null when {@code factory} is set
 * @param factory makes instances, or null when {@code name} is set
 */
public record ExecutorRef(String name, Supplier<? extends Executor> factory) {
  /** Requires exactly one of name and factory. */
  public ExecutorRef {
    if ((name == null) == (factory == null)) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "an executor is named or made by a factory, not both or neither");
    }
  }

  /** The executor named {@code name}. */
  public static ExecutorRef named(String name) {
    return new ExecutorRef(Objects.requireNonNull(name, "name"), null);
  }

  /** The executor made by {@code factory}. */
  public static ExecutorRef of(Supplier<? extends Executor> factory) {
    return new ExecutorRef(null, Objects.requireNonNull(factory, "factory"));
  }

  /** The name, or the factory's class, for messages. */
  @Override
  public String toString() {
    return name != null ? name : factory.getClass().getName();
  }
}
