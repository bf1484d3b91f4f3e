package dev.jflow.transport.websocket;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayOption;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The {@code jflow.websocket.*} system properties that set the gateway's options before they had names
 * in {@link dev.jflow.api.GatewayConfig}, Flow YAML and the command line. They are no longer read, and
 * one still set fails the gateway instead of being ignored: ignoring {@code jflow.websocket.cors}
 * would silently change which origins the gateway allows.
 */
final class RetiredProperties {
  static final String PREFIX = "jflow.websocket.";
  private static final Map<String, GatewayOption<?>> REPLACED = Map.of(
      "cors", WebSocketOptions.CORS,
      "idleTimeoutMs", WebSocketOptions.IDLE_TIMEOUT,
      "maxQueuedBytes", WebSocketOptions.MAX_QUEUED_BYTES,
      "workerThreads", WebSocketOptions.WORKER_THREADS,
      "workerQueueLimit", WebSocketOptions.WORKER_QUEUE_LIMIT,
      "bodyReadTimeoutMs", WebSocketOptions.BODY_READ_TIMEOUT);

  private RetiredProperties() {}

  /**
   * Fails when {@code properties} hold a {@code jflow.websocket.*} entry.
   *
   * @throws FlowException INVALID_ARGUMENT naming each such property and the gateway option to set instead
   */
  static void check(Properties properties) {
    List<String> problems = new ArrayList<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (key.startsWith(PREFIX)) {
        GatewayOption<?> o = REPLACED.get(key.substring(PREFIX.length()));
        problems.add("system property " + key + " is no longer read; "
            + (o == null ? "the websocket gateway's options are " + WebSocketOptions.ALL.stream().map(GatewayOption::name).toList()
                : "set the gateway option " + o.name() + " instead (same value)"));
      }
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, String.join("; ", problems)
          + ". Set options with GatewayConfig.builder().option(name, value), Flow YAML 'gateway: {websocket: {name: value}}'"
          + " or jflow --gateway-option websocket.name=value, and remove the system property");
    }
  }
}
