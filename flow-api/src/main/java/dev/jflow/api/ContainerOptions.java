package dev.jflow.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a pod that runs in a container ({@code uses: docker://IMAGE[:TAG]}) is started: the executor
 * the container serves when not the image's own, environment variables, volumes and a network.
 * Immutable; build with {@link #builder()}, where every setting states its default. YAML writes the
 * same settings on the pod: {@code uses_internal}, {@code env}, {@code volumes}, {@code network}.
 */
public final class ContainerOptions {
  private static final ContainerOptions NONE = builder().build();

  private final String usesInternal;
  private final Map<String, String> env;
  private final List<String> volumes;
  private final String network;

  private ContainerOptions(Builder b) {
    this.usesInternal = b.usesInternal;
    this.env = Map.copyOf(b.env);
    this.volumes = List.copyOf(b.volumes);
    this.network = b.network;
  }

  /** The defaults: the image's own executor, no environment, no volume, the engine's default network. */
  public static ContainerOptions none() {
    return NONE;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.usesInternal = usesInternal;
    b.env.putAll(env);
    b.volumes.addAll(volumes);
    b.network = network;
    return b;
  }

  /**
   * The executor the container serves ({@code jflow pod --uses}), or null (the default) for the one
   * the image names (its {@code JFLOW_USES} variable, set by {@code jflow image build --uses}).
   */
  public String usesInternal() {
    return usesInternal;
  }

  /** Environment variables of the container; default none. */
  public Map<String, String> env() {
    return env;
  }

  /** Volumes, each {@code SOURCE:/TARGET[:ro|rw]} as {@link Volume#parse} reads them; default none. */
  public List<String> volumes() {
    return volumes;
  }

  /** {@link #volumes()} parsed, in the same order. */
  public List<Volume> parsedVolumes() {
    return volumes.stream().map(Volume::parse).toList();
  }

  /** The network the container joins as well, or null (the default) for the engine's default one. */
  public String network() {
    return network;
  }

  /** Whether every setting is its default. */
  public boolean isDefault() {
    return equals(NONE);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ContainerOptions)) {
      return false;
    }
    ContainerOptions c = (ContainerOptions) o;
    return Objects.equals(usesInternal, c.usesInternal) && env.equals(c.env) && volumes.equals(c.volumes)
        && Objects.equals(network, c.network);
  }

  @Override
  public int hashCode() {
    return Objects.hash(usesInternal, env, volumes, network);
  }

  @Override
  public String toString() {
    // values of env may be secrets: only their names are shown
    return "ContainerOptions{usesInternal=" + usesInternal + ", env=" + env.keySet() + ", volumes=" + volumes
        + ", network=" + network + "}";
  }

  /**
   * One volume, {@code SOURCE:/TARGET[:ro|rw]}: SOURCE is an absolute host path, a host path relative
   * to the Flow's YAML file ({@code ./x} or {@code ../x}; relative to the working directory when the
   * options were not read from a file), or a named volume ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}); TARGET
   * is an absolute path in the container; the mode defaults to {@code rw}. The one rule every engine
   * and export follows.
   */
  public static final class Volume {
    private static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9_.-]*";

    private final String source;
    private final String target;
    private final boolean readOnly;

    private Volume(String source, String target, boolean readOnly) {
      this.source = source;
      this.target = target;
      this.readOnly = readOnly;
    }

    /**
     * Reads {@code volume}.
     *
     * @throws FlowException INVALID_ARGUMENT naming the volume and the form it should have
     */
    public static Volume parse(String volume) {
      String problem = problem(volume);
      if (problem != null) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, problem);
      }
      String[] parts = volume.split(":", -1);
      return new Volume(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro"));
    }

    /** Why {@code volume} is not a volume, or null when it is one. */
    static String problem(String volume) {
      String[] parts = volume == null ? new String[0] : volume.split(":", -1);
      if (parts.length < 2 || parts.length > 3 || !parts[1].startsWith("/") || (parts.length == 3 && !parts[2].matches("ro|rw"))
          || !(parts[0].startsWith("/") || parts[0].startsWith("./") || parts[0].startsWith("../") || parts[0].matches(NAME))) {
        return "volume '" + volume + "' is not SOURCE:/TARGET[:ro|rw] with SOURCE an absolute host path, a path starting with"
            + " ./ or ../ (relative to the YAML file) or a volume's name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)";
      }
      return null;
    }

    /** The host path or the volume's name, as written (a relative path is not resolved). */
    public String source() {
      return source;
    }

    /** The absolute path in the container. */
    public String target() {
      return target;
    }

    /** Whether the container may only read it ({@code :ro}); default false. */
    public boolean readOnly() {
      return readOnly;
    }

    /** Whether {@link #source()} names a volume rather than a host path. */
    public boolean isNamed() {
      return source.matches(NAME);
    }

    /** Whether {@link #source()} is a host path relative to the YAML file ({@code ./x}, {@code ../x}). */
    public boolean isRelative() {
      return source.startsWith("./") || source.startsWith("../");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Volume && ((Volume) o).source.equals(source) && ((Volume) o).target.equals(target)
          && ((Volume) o).readOnly == readOnly;
    }

    @Override
    public int hashCode() {
      return Objects.hash(source, target, readOnly);
    }

    /** The canonical form, {@code SOURCE:TARGET} with {@code :ro} when read-only. */
    @Override
    public String toString() {
      return source + ":" + target + (readOnly ? ":ro" : "");
    }
  }

  /** Builds {@link ContainerOptions}; {@link #build()} reports every invalid value at once. */
  public static final class Builder {
    private String usesInternal;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> volumes = new ArrayList<>();
    private String network;

    private Builder() {
    }

    /** The executor the container serves; default null, the image's own. */
    public Builder usesInternal(String uses) {
      this.usesInternal = uses;
      return this;
    }

    /** Adds an environment variable; default none. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Adds environment variables; default none. */
    public Builder env(Map<String, String> variables) {
      env.putAll(variables);
      return this;
    }

    /** Adds a volume, {@code SOURCE:/TARGET[:ro|rw]} as {@link Volume#parse} reads it; default none. */
    public Builder volume(String volume) {
      volumes.add(volume);
      return this;
    }

    /** Adds volumes; default none. */
    public Builder volumes(List<String> volumes) {
      this.volumes.addAll(volumes);
      return this;
    }

    /** The network to join; default null, the engine's default. */
    public Builder network(String network) {
      this.network = network;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws FlowException INVALID_ARGUMENT listing every invalid setting
     */
    public ContainerOptions build() {
      List<String> problems = new ArrayList<>();
      if (usesInternal != null && usesInternal.isBlank()) {
        problems.add("usesInternal must name an executor, got a blank string");
      }
      env.forEach((k, v) -> {
        if (k == null || k.isEmpty() || k.contains("=") || k.indexOf('\0') >= 0) {
          problems.add("env names must be non-empty without '=', got '" + k + "'");
        }
        if (v == null || v.indexOf('\0') >= 0) {
          problems.add("env " + k + " needs a value without NUL characters");
        }
      });
      for (String v : volumes) {
        String problem = Volume.problem(v);
        if (problem != null) {
          problems.add(problem);
        }
      }
      if (network != null && network.isBlank()) {
        problems.add("network must name a network, got a blank string");
      }
      if (!problems.isEmpty()) {
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "container options: " + String.join("; ", problems));
      }
      return new ContainerOptions(this);
    }
  }
}
