package dev.jflow.core;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The transports JFlow can use, found with {@link ServiceLoader} (the SPI's class loader, then the
 * thread's context loader). Unavailable providers are dropped; among providers of one name the highest
 * priority wins (then the class name). Immutable and thread-safe once built.
 */
public final class TransportRegistry {
  private static volatile TransportRegistry defaultRegistry;

  private final Map<String, TransportProvider> byName;
  private final List<Throwable> loadFailures;

  private TransportRegistry(List<TransportProvider> providers, List<Throwable> loadFailures) {
    List<TransportProvider> sorted = new ArrayList<>();
    for (TransportProvider p : providers) {
      if (p.isAvailable()) {
        sorted.add(p);
      }
    }
    sorted.sort(Comparator.comparingInt(TransportProvider::priority).reversed()
        .thenComparing(p -> p.getClass().getName()));
    Map<String, TransportProvider> map = new LinkedHashMap<>();
    for (TransportProvider p : sorted) {
      map.putIfAbsent(p.name(), p);
    }
    this.byName = Collections.unmodifiableMap(map);
    this.loadFailures = List.copyOf(loadFailures);
  }

  /** The registry of every provider on the class path, discovered once. */
  public static TransportRegistry getDefault() {
    TransportRegistry r = defaultRegistry;
    if (r == null) {
      synchronized (TransportRegistry.class) {
        r = defaultRegistry;
        if (r == null) {
          r = defaultRegistry = builder().build();
        }
      }
    }
    return r;
  }

  /** A builder; discovery is on by default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The names of the available transports, highest priority first. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The provider named {@code name}, or the highest-priority provider when {@code name} is null.
   *
   * @throws FlowException NOT_FOUND naming what was asked, what was found and the module to add
   */
  public TransportProvider provider(String name) {
    TransportProvider p = name == null ? byName.values().stream().findFirst().orElse(null) : byName.get(name);
    if (p != null) {
      return p;
    }
    String wanted = name == null ? "No transport is available" : "Transport \"" + name + "\" is not available";
    FlowException e = new FlowException(Status.Code.NOT_FOUND,
        wanted + "; found " + names() + ". Add the " + moduleFor(name) + " module to use it.");
    loadFailures.forEach(e::addSuppressed);
    throw e;
  }

  private static String moduleFor(String name) {
    if (name == null || name.equals("inprocess")) {
      return "flow-core";
    }
    return "transport-" + name;
  }

  /** Builds a {@link TransportRegistry}. */
  public static final class Builder {
    private final List<TransportProvider> providers = new ArrayList<>();
    private boolean discover = true;

    private Builder() {}

    /** Whether to discover providers with ServiceLoader. Default true; tests may switch it off. */
    public Builder discover(boolean discover) {
      this.discover = discover;
      return this;
    }

    /** Adds a provider by hand. */
    public Builder register(TransportProvider provider) {
      providers.add(provider);
      return this;
    }

    /** Builds the registry, loading providers when discovery is on. */
    public TransportRegistry build() {
      List<TransportProvider> all = new ArrayList<>(providers);
      List<Throwable> failures = new ArrayList<>();
      if (discover) {
        List<String> seen = new ArrayList<>();
        for (ClassLoader loader : new ClassLoader[] {TransportProvider.class.getClassLoader(),
            Thread.currentThread().getContextClassLoader()}) {
          Iterator<TransportProvider> it = ServiceLoader.load(TransportProvider.class, loader).iterator();
          while (true) {
            try {
              if (!it.hasNext()) {
                break;
              }
              TransportProvider p = it.next();
              if (!seen.contains(p.getClass().getName())) {
                seen.add(p.getClass().getName());
                all.add(p);
              }
            } catch (ServiceConfigurationError e) {
              failures.add(e);
            }
          }
        }
      }
      return new TransportRegistry(all, failures);
    }
  }
}
