package dev.jflow.api;

import dev.jflow.api.spi.Executor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One pod of a Flow: its name, the executor it runs, and the pods it needs. Immutable; build with
 * {@link #builder(String)}.
 *
 * @param name the pod's name, unique in its Flow
 * @param uses the executor by name: a built-in such as {@code _pass}, or a class name with a public
 *     no-arg constructor; null when {@code factory} is set
 * @param factory makes the executor instance; null when {@code uses} is set
 * @param needs the pods whose output this pod takes; null means the pod added before it
 * @param with arguments handed to the executor when it opens
 */
public record PodSpec(String name, String uses, Supplier<? extends Executor> factory, List<String> needs, JsonMap with) {
  /** The built-in pass-through executor. */
  public static final String PASS = "_pass";

  /** Copies the lists; defaults {@code uses} to {@link #PASS} when neither uses nor factory is set. */
  public PodSpec {
    Objects.requireNonNull(name, "name");
    if (uses != null && factory != null) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + name + "' sets both uses '" + uses + "' and an executor factory; choose one");
    }
    uses = uses == null && factory == null ? PASS : uses;
    needs = needs == null ? null : List.copyOf(needs);
    with = with == null ? new JsonMap() : with.copy();
  }

  /** A builder for a pod named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** This pod with other needs. */
  public PodSpec withNeeds(List<String> needs) {
    return new PodSpec(name, uses, factory, needs, with);
  }

  /** A description of the executor for messages: the {@code uses} name or the factory's class. */
  public String usesDescription() {
    return uses != null ? uses : factory.getClass().getName();
  }

  /** Builds a {@link PodSpec}. */
  public static final class Builder {
    private final String name;
    private String uses;
    private Supplier<? extends Executor> factory;
    private List<String> needs;
    private final JsonMap with = new JsonMap();
    private String host;
    private int portExpose;

    private Builder(String name) {
      this.name = name;
    }

    /** The executor by name (built-in such as {@code _pass}, or a class name). Default {@code _pass}. */
    public Builder uses(String uses) {
      this.uses = uses;
      this.factory = null;
      return this;
    }

    /** The executor made by {@code factory}, called once per replica. */
    public Builder uses(Supplier<? extends Executor> factory) {
      this.factory = factory;
      this.uses = null;
      return this;
    }

    /** The executor made by {@code type}'s public no-arg constructor. */
    public Builder uses(Class<? extends Executor> type) {
      return uses(type.getName());
    }

    /** The pods whose output this pod takes; several make a join. Default: the pod added before. */
    public Builder needs(String... needs) {
      this.needs = new ArrayList<>(Arrays.asList(needs));
      return this;
    }

    /** The pods whose output this pod takes. */
    public Builder needs(List<String> needs) {
      this.needs = new ArrayList<>(needs);
      return this;
    }

    /** Adds JSON-like arguments handed to the executor when it opens. Default none. */
    public Builder with(Map<String, ?> args) {
      this.with.putAll(args);
      return this;
    }

    /** Adds one argument handed to the executor when it opens. */
    public Builder with(String key, Object value) {
      this.with.put(key, value);
      return this;
    }

    /**
     * Runs this pod in another JFlow process: requests are sent to the gRPC gateway at {@code host}
     * (which may be {@code host:port}, as Jina writes it) and {@link #portExpose(int)}. Same as
     * {@code uses("grpc://host:port")}. Default: local.
     */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port of the remote pod's gateway; see {@link #host(String)}. */
    public Builder portExpose(int port) {
      this.portExpose = port;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws FlowException INVALID_ARGUMENT when a remote host is set without a port
     */
    public PodSpec build() {
      if (host != null) {
        String h = host;
        int port = portExpose;
        int colon = h.lastIndexOf(':');
        if (port == 0 && colon > 0 && !h.endsWith("]")) {
          try {
            port = Integer.parseInt(h.substring(colon + 1));
            h = h.substring(0, colon);
          } catch (NumberFormatException e) {
            port = 0;
          }
        }
        if (port == 0) {
          throw new FlowException(Status.Code.INVALID_ARGUMENT, "pod '" + name + "' has remote host '" + host
              + "' but no port; set portExpose(...) or write host as host:port");
        }
        if (h.contains(":") && !h.startsWith("[")) {
          h = "[" + h + "]";
        }
        return new PodSpec(name, "grpc://" + h + ":" + port, null, needs, with);
      }
      return new PodSpec(name, uses, factory, needs, with);
    }
  }
}
