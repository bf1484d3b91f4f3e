package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link ContainerEngine} starts: an image, the arguments of its entry point, environment,
 * volumes, a network, the port the container serves on, labels, and where its log lines go. Immutable;
 * build with {@link #builder(String)}.
 */
public final class ContainerRequest {
  private final String image;
  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final List<String> volumes;
  private final String network;
  private final int port;
  private final Map<String, String> labels;
  private final Consumer<String> logs;

  private ContainerRequest(Builder b) {
    this.image = b.image;
    this.name = b.name;
    this.command = List.copyOf(b.command);
    this.env = Map.copyOf(b.env);
    this.volumes = List.copyOf(b.volumes);
    this.network = b.network;
    this.port = b.port;
    this.labels = Map.copyOf(b.labels);
    this.logs = b.logs;
  }

  /** A builder for a container of {@code image} ({@code name[:tag]}, as after {@code docker://}). */
  public static Builder builder(String image) {
    return new Builder(image);
  }

  /** The image, {@code name[:tag]}. */
  public String image() {
    return image;
  }

  /** The prefix of the container's name (the engine appends a random suffix); default {@code jflow}. */
  public String name() {
    return name;
  }

  /** The arguments given to the image's entry point; default none. */
  public List<String> command() {
    return command;
  }

  /** Environment variables; default none. */
  public Map<String, String> env() {
    return env;
  }

  /** Volumes, {@code SOURCE:TARGET[:ro|rw]}; default none. */
  public List<String> volumes() {
    return volumes;
  }

  /** The network the container joins, or null (the default) for the engine's default one. */
  public String network() {
    return network;
  }

  /** The port the container serves on, which the engine publishes; default 8081. */
  public int port() {
    return port;
  }

  /** Labels of the container (the engine adds its own); default none. */
  public Map<String, String> labels() {
    return labels;
  }

  /** Where each line the container writes (stdout and stderr) goes; default nowhere. Called on the engine's threads. */
  public Consumer<String> logs() {
    return logs;
  }

  @Override
  public String toString() {
    return "ContainerRequest{image=" + image + ", name=" + name + ", command=" + command + ", env=" + env.keySet()
        + ", volumes=" + volumes + ", network=" + network + ", port=" + port + ", labels=" + labels + "}";
  }

  /** Builds a {@link ContainerRequest}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private final String image;
    private String name = "jflow";
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> volumes = new ArrayList<>();
    private String network;
    private int port = 8081;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Consumer<String> logs = line -> { };

    private Builder(String image) {
      this.image = image;
    }

    /** The prefix of the container's name; default {@code jflow}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The entry point's arguments; default none. */
    public Builder command(List<String> command) {
      this.command.clear();
      this.command.addAll(command);
      return this;
    }

    /** Environment variables to add; default none. */
    public Builder env(Map<String, String> env) {
      this.env.putAll(env);
      return this;
    }

    /** Volumes to add, {@code SOURCE:TARGET[:ro|rw]}; default none. */
    public Builder volumes(List<String> volumes) {
      this.volumes.addAll(volumes);
      return this;
    }

    /** The network to join; default null, the engine's default. */
    public Builder network(String network) {
      this.network = network;
      return this;
    }

    /** The port the container serves on; default 8081. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Labels to add; default none. */
    public Builder labels(Map<String, String> labels) {
      this.labels.putAll(labels);
      return this;
    }

    /** Where the container's log lines go; default nowhere. */
    public Builder logs(Consumer<String> logs) {
      this.logs = Objects.requireNonNull(logs, "logs");
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws FlowException INVALID_ARGUMENT listing every invalid setting
     */
    public ContainerRequest build() {
      List<String> problems = new ArrayList<>();
      if (image == null || image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
        problems.add("image must be name[:tag] without spaces, got '" + image + "'");
      }
      if (name == null || !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}")) {
        problems.add("name must be letters, digits, '_', '.' or '-' (at most 101), got '" + name + "'");
      }
      if (port < 1 || port > 65535) {
        problems.add("port must be 1 to 65535, got " + port);
      }
      if (command.stream().anyMatch(Objects::isNull)) {
        problems.add("command must not hold null");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "container request: " + String.join("; ", problems));
      }
      return new ContainerRequest(this);
    }
  }
}
