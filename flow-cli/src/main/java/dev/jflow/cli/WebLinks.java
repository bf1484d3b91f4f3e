package dev.jflow.cli;

import dev.jflow.api.GatewayAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code jflow flow} prints after its ready line, saying where to point a browser or a scraper:
 * {@code docs: http://127.0.0.1:1234/docs} and {@code metrics: http://127.0.0.1:1234/metrics} for each restful
 * (websocket) gateway, and the monitoring port's {@code /metrics} when one was given.
 */
final class WebLinks {
  private WebLinks() {}

  /**
   * The lines for {@code gateways}: {@code https} when {@code tls}, the metrics lines only when {@code metrics}
   * are on; {@code monitoringPort} above 0 adds its {@code /metrics} on {@code host} (0, a free port, is left to
   * the monitoring server's own log line; -1 is none).
   */
  static List<String> of(List<GatewayAddress> gateways, boolean tls, boolean metrics, String host, int monitoringPort) {
    String scheme = tls ? "https://" : "http://";
    List<String> lines = new ArrayList<>();
    for (GatewayAddress g : gateways) {
      if (g.protocol().equals("websocket")) {
        String base = scheme + reachable(g.host()) + ":" + g.port();
        lines.add("docs: " + base + "/docs");
        if (metrics) {
          lines.add("metrics: " + base + "/metrics");
        }
      }
    }
    if (metrics && monitoringPort > 0) {
      lines.add("metrics: " + scheme + reachable(host) + ":" + monitoringPort + "/metrics");
    }
    return lines;
  }

  /** {@code host} as a URL's host: a wildcard address becomes the loopback one, an IPv6 literal gets brackets. */
  static String reachable(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("0.0.0.0") || h.isEmpty()) {
      return "127.0.0.1";
    }
    if (h.equals("::") || h.equals("0:0:0:0:0:0:0:0")) {
      return "[::1]";
    }
    return h.contains(":") ? "[" + h + "]" : h;
  }
}
