/**
 * The {@code jflow} command: {@code java -p jflow.jar:lib -m dev.jflow.cli/dev.jflow.cli.Main}. The
 * transports are not required: flow-core finds those on the module path with ServiceLoader. Nor are the
 * OpenTelemetry exporters: the SDK's autoconfiguration finds those as services too.
 */
module dev.jflow.cli {
  requires dev.jflow.core;
  requires dev.jflow.executors;
  requires dev.jflow.neural; // SentenceEncoder: in the boot layer, so that flow-core finds it by name
  requires dev.jflow.engine.docker; // jflow image build
  requires info.picocli;
  requires org.yaml.snakeyaml; // jflow export writes Compose files and Kubernetes manifests
  requires micrometer.registry.prometheus; // the meters of served Flows, for /metrics
  requires io.opentelemetry.sdk; // spans, when OTEL_* variables ask for them
  requires io.opentelemetry.sdk.autoconfigure;
  requires org.slf4j;
  requires ch.qos.logback.classic; // the one logging backend (--log-level)
  requires jul.to.slf4j; // java.util.logging and System.Logger into SLF4J
  // JDK modules that automatic modules use but cannot require: resolved here so that they are in the boot layer
  requires java.net.http; // the OTLP exporter's sender (opentelemetry-exporter-sender-jdk)
  requires java.management; // Micrometer's JVM meters

  // picocli sets the commands' annotated fields by reflection
  opens dev.jflow.cli to info.picocli;
  opens dev.jflow.cli.export to info.picocli;
  opens dev.jflow.cli.image to info.picocli;
  exports dev.jflow.cli.image; // ImageContext: the image's layout, for tests that build one
}
