package dev.jflow.core;

import dev.jflow.api.DynamicBatching;
import dev.jflow.api.internal.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of the {@code jflow pod} command that serves one pod in a container: what docker:// pods
 * start and what exported services run, so that both serve the same way. Build with {@link #builder(String)}.
 */
public final class PodCommandLine {
  /** The port {@code jflow pod} serves on inside a container, by convention: {@value}. */
  public static final int PORT = 8081;

  private final List<String> args;

  private PodCommandLine(List<String> args) {
    this.args = List.copyOf(args);
  }

  /** A command line serving pod {@code name} on {@link #PORT}, with the image's own executor, no arguments and shard 0. */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /**
   * The arguments after {@code jflow}: {@code pod --name NAME --port-expose 8081}, then {@code --uses}, {@code --uses-with},
   * {@code --shard-id} and {@code --dynamic-batching-size} with {@code --dynamic-batching-timeout-ms} when set (immutable).
   */
  public List<String> args() {
    return args;
  }

  @Override
  public String toString() {
    return "jflow " + String.join(" ", args);
  }

  /** Builds a {@link PodCommandLine}; each setter states its default. */
  public static final class Builder {
    private final String name;
    private String uses;
    private final Map<String, Object> with = new LinkedHashMap<>();
    private int shardId = -1;
    private DynamicBatching dynamicBatching;

    private Builder(String name) {
      this.name = name;
    }

    /** The executor to serve; default null: the image's own ({@code JFLOW_USES}). */
    public Builder uses(String uses) {
      this.uses = uses;
      return this;
    }

    /** Adds the executor's arguments, passed as one JSON object ({@code --uses-with}); default none. */
    public Builder with(Map<String, ?> with) {
      this.with.putAll(with);
      return this;
    }

    /** The shard of a sharded pod this one serves ({@code --shard-id}); default: none given, so shard 0. */
    public Builder shardId(int shardId) {
      if (shardId < 0) {
        throw new IllegalArgumentException("shardId must be 0 or more, got " + shardId);
      }
      this.shardId = shardId;
      return this;
    }

    /**
     * The dynamic batching the pod applies in front of its executor ({@code --dynamic-batching-size},
     * {@code --dynamic-batching-timeout-ms}); default null: none.
     */
    public Builder dynamicBatching(DynamicBatching dynamicBatching) {
      this.dynamicBatching = dynamicBatching;
      return this;
    }

    /** The command line. */
    public PodCommandLine build() {
      List<String> args = new ArrayList<>(List.of("pod", "--name", name, "--port-expose", String.valueOf(PORT)));
      if (uses != null) {
        args.addAll(List.of("--uses", uses));
      }
      if (!with.isEmpty()) {
        args.addAll(List.of("--uses-with", JsonWriter.write(with)));
      }
      if (shardId >= 0) {
        args.addAll(List.of("--shard-id", String.valueOf(shardId)));
      }
      if (dynamicBatching != null) {
        args.addAll(List.of("--dynamic-batching-size", String.valueOf(dynamicBatching.preferredBatchSize()),
            "--dynamic-batching-timeout-ms", String.valueOf(dynamicBatching.timeout().toMillis())));
      }
      return new PodCommandLine(args);
    }
  }
}
