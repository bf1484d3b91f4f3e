package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing in the CLI is off unless the standard {@code OTEL_*} variables ask for it; what the CLI then sets by default. */
class OtelSettingsTest {

  @Test
  void tracingIsOffUnlessAnExporterOrAnEndpointIsSet() {
    assertFalse(OtelSettings.enabled(Map.of()), "nothing set");
    assertFalse(OtelSettings.enabled(Map.of("OTEL_SERVICE_NAME", "search", "PATH", "/usr/bin")), "a name alone exports nothing");
    assertFalse(OtelSettings.enabled(Map.of("OTEL_TRACES_EXPORTER", "none")));
    assertFalse(OtelSettings.enabled(Map.of("OTEL_TRACES_EXPORTER", "NONE", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")),
        "an explicit none wins over an endpoint");
    assertFalse(OtelSettings.enabled(Map.of("OTEL_TRACES_EXPORTER", "  ")), "blank is unset");
    assertFalse(OtelSettings.enabled(Map.of("OTEL_SDK_DISABLED", "true", "OTEL_TRACES_EXPORTER", "otlp")));

    assertTrue(OtelSettings.enabled(Map.of("OTEL_TRACES_EXPORTER", "otlp")));
    assertTrue(OtelSettings.enabled(Map.of("OTEL_TRACES_EXPORTER", "console")));
    assertTrue(OtelSettings.enabled(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));
    assertTrue(OtelSettings.enabled(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces")));
    assertTrue(OtelSettings.enabled(Map.of("OTEL_SDK_DISABLED", "false", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")));
  }

  @Test
  void metricsAndLogsExportersAreOffAndTheServiceIsNamedAfterTheFlowUnlessTheEnvironmentSaysOtherwise() {
    Map<String, String> p = OtelSettings.properties(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "HOME", "/root"), "search");
    assertEquals(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318", "otel.metrics.exporter", "none", "otel.logs.exporter", "none",
        "otel.exporter.otlp.protocol", "http/protobuf", "otel.service.name", "jflow-search"), p);

    Map<String, String> own = OtelSettings.properties(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_METRICS_EXPORTER", "otlp",
        "OTEL_LOGS_EXPORTER", "console", "OTEL_SERVICE_NAME", "my-search"), "search");
    assertEquals("otlp", own.get("otel.metrics.exporter"));
    assertEquals("console", own.get("otel.logs.exporter"));
    assertEquals("my-search", own.get("otel.service.name"));

    Map<String, String> attributes = OtelSettings.properties(Map.of("OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod, service.name=from-attributes"), "search");
    assertFalse(attributes.containsKey("otel.service.name"), "service.name in the resource attributes is kept: " + attributes);
  }

  @Test
  void anOtlpProtocolTheCliCannotSendIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OtelSettings.properties(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), "search"));
    assertTrue(e.getMessage().startsWith("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: jflow sends traces over OTLP http/protobuf"),
        e.getMessage());
    IllegalArgumentException traces = assertThrows(IllegalArgumentException.class,
        () -> OtelSettings.properties(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc"),
            "search"));
    assertTrue(traces.getMessage().startsWith("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc"), traces.getMessage());
    assertEquals("http/protobuf", OtelSettings.properties(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"), "search").get("otel.exporter.otlp.traces.protocol"),
        "the traces' own protocol is the one that counts");
  }
}
