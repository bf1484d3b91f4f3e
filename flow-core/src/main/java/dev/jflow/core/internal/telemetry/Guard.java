package dev.jflow.core.internal.telemetry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a guarded telemetry does when the user's telemetry throws: logs the first failure of each call
 * (e.g. {@code PodMetrics.finished}) of one Flow at WARN with its stack trace, and lets the Flow carry on. A
 * {@link VirtualMachineError} (out of memory, stack overflow) is thrown on: nothing can carry on after it.
 */
final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedTelemetry.class);

  private final String flow;
  private final String telemetry;
  private final Set<String> reported = ConcurrentHashMap.newKeySet(); // bounded: one entry per SPI method

  Guard(String flow, String telemetry) {
    this.flow = flow;
    this.telemetry = telemetry;
  }

  /** {@code call} threw {@code failure}. */
  void failed(String call, Throwable failure) {
    if (failure instanceof VirtualMachineError) {
      throw (VirtualMachineError) failure;
    }
    if (reported.add(call)) {
      LOG.warn("Flow '{}': telemetry {} failed in {}; the Flow goes on without that report and logs no further failure of it",
          flow, telemetry, call, failure);
    }
  }
}
