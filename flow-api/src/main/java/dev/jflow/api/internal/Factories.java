package dev.jflow.api.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.api.spi.FlowFactory;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the {@link FlowFactory} (flow-core) with ServiceLoader, once. */
public final class Factories {
  private static volatile FlowFactory factory;

  private Factories() {}

  /** The Flow factory on the class path. */
  public static FlowFactory flowFactory() {
    FlowFactory f = factory;
    if (f == null) {
      synchronized (Factories.class) {
        f = factory;
        if (f == null) {
          f = factory = load();
        }
      }
    }
    return f;
  }

  private static FlowFactory load() {
    FlowException missing = new FlowException(Status.Code.NOT_FOUND,
        "no Flow implementation found; add the module dev.jflow:flow-core to the class path");
    for (ClassLoader loader : new ClassLoader[] {FlowFactory.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
      Iterator<FlowFactory> it = ServiceLoader.load(FlowFactory.class, loader).iterator();
      while (true) {
        try {
          if (!it.hasNext()) {
            break;
          }
          return it.next();
        } catch (ServiceConfigurationError e) {
          missing.addSuppressed(e);
        }
      }
    }
    throw missing;
  }
}
