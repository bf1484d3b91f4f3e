package dev.jflow.core.internal;

import dev.jflow.api.spi.ContainerEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the {@link ContainerEngine} of a scheme ({@code docker}) with {@link ServiceLoader}: the SPI's
 * class loader, then the thread's context loader; unavailable engines are dropped, the highest priority
 * (then the class name) wins. Each call loads a fresh engine: one per pod of a Flow.
 */
final class ContainerEngines {
  private ContainerEngines() {
  }

  /** Why {@link #find} found nothing. */
  static final class Missing extends Exception {
    private static final long serialVersionUID = 1L;

    Missing(String message) {
      super(message);
    }
  }

  /**
   * The engine named {@code name}.
   *
   * @throws Missing naming the module to add, with what failed to load as suppressed exceptions
   */
  static ContainerEngine find(String name) throws Missing {
    List<ContainerEngine> found = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (ClassLoader loader : new ClassLoader[] {ContainerEngine.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
      Iterator<ContainerEngine> it = ServiceLoader.load(ContainerEngine.class, loader).iterator();
      while (true) {
        try {
          if (!it.hasNext()) {
            break;
          }
          ContainerEngine e = it.next();
          if (!seen.contains(e.getClass().getName()) && name.equals(e.name()) && e.isAvailable()) {
            seen.add(e.getClass().getName());
            found.add(e);
          }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
          failures.add(e);
        }
      }
    }
    return found.stream().max(Comparator.comparingInt(ContainerEngine::priority)
        .thenComparing(e -> e.getClass().getName(), Comparator.reverseOrder())).orElseThrow(() -> {
          Missing m = new Missing("no container engine '" + name + "' is on the class path: add dev.jflow:engine-" + name);
          failures.forEach(m::addSuppressed);
          return m;
        });
  }
}
