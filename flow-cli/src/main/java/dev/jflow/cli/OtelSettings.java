package dev.jflow.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * When and how the CLI turns OpenTelemetry tracing on, from the standard {@code OTEL_*} variables (or
 * their {@code otel.*} system properties): off unless {@code OTEL_TRACES_EXPORTER} names an exporter
 * other than {@code none}, or an OTLP endpoint is set. Pure functions of the settings, so they are
 * tested without an environment.
 */
final class OtelSettings {
  /** The variables any of which turns tracing on. */
  static final List<String> TRIGGERS = List.of("OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT",
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  /** The OTLP protocol the CLI's exporter speaks: it sends with the JDK's HTTP client, which has no gRPC. */
  static final String PROTOCOL = "http/protobuf";

  private OtelSettings() {}

  /** The environment with the {@code otel.*} system properties over it, in the variables' spelling. */
  static Map<String, String> current() {
    Map<String, String> all = new LinkedHashMap<>(System.getenv());
    Properties p = System.getProperties();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("otel.")) {
        all.put(k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), p.getProperty(k));
      }
    }
    return all;
  }

  /** Whether {@code env} asks for traces: an exporter other than {@code none}, or an OTLP endpoint; never with {@code OTEL_SDK_DISABLED=true}. */
  static boolean enabled(Map<String, String> env) {
    if ("true".equalsIgnoreCase(value(env, "OTEL_SDK_DISABLED"))) {
      return false;
    }
    String exporter = value(env, "OTEL_TRACES_EXPORTER");
    if (exporter != null) {
      return !exporter.equalsIgnoreCase("none");
    }
    return TRIGGERS.stream().anyMatch(k -> value(env, k) != null);
  }

  /**
   * The SDK's properties: the {@code OTEL_*} settings of {@code env} as properties ({@code otel.x.y}), and
   * what the CLI sets unless {@code env} does: no metrics and no logs exporter (meters go to Prometheus),
   * OTLP over {@value #PROTOCOL}, and service name {@code jflow-<flow>}.
   *
   * @throws IllegalArgumentException when {@code env} asks for an OTLP protocol the CLI cannot send, naming it
   */
  static Map<String, String> properties(Map<String, String> env, String flow) {
    String key = value(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") != null ? "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
        : "OTEL_EXPORTER_OTLP_PROTOCOL";
    String protocol = value(env, key); // the traces' own protocol wins over the general one, as in the SDK
    if (protocol != null && !protocol.equals(PROTOCOL)) {
      throw new IllegalArgumentException(key + "=" + protocol + " is not supported: jflow sends traces over OTLP "
          + PROTOCOL + " only (the JDK's HTTP client; port 4318 by default); unset it or set " + PROTOCOL);
    }
    Map<String, String> d = new LinkedHashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("OTEL_") && value(env, k) != null) {
        d.put(k.toLowerCase(Locale.ROOT).replace('_', '.'), v.strip()); // as the SDK reads a variable
      }
    });
    putUnlessSet(d, env, "OTEL_METRICS_EXPORTER", "otel.metrics.exporter", "none");
    putUnlessSet(d, env, "OTEL_LOGS_EXPORTER", "otel.logs.exporter", "none");
    putUnlessSet(d, env, "OTEL_EXPORTER_OTLP_PROTOCOL", "otel.exporter.otlp.protocol", PROTOCOL);
    String attributes = value(env, "OTEL_RESOURCE_ATTRIBUTES");
    boolean named = attributes != null && List.of(attributes.split(",")).stream().anyMatch(a -> a.strip().startsWith("service.name="));
    if (!named) {
      putUnlessSet(d, env, "OTEL_SERVICE_NAME", "otel.service.name", "jflow-" + flow);
    }
    return d;
  }

  private static void putUnlessSet(Map<String, String> d, Map<String, String> env, String variable, String property, String value) {
    if (value(env, variable) == null) {
      d.put(property, value);
    }
  }

  /** A variable's value, null when unset or blank (as the SDK reads it). */
  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
