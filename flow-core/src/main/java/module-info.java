/**
 * The Flow runtime: topology, router, pods, client engine, control plane, transport registry, the
 * {@code inprocess} transport and Flow YAML. Only {@code dev.jflow.core} is API; the transports are
 * found with ServiceLoader, never required.
 */
@SuppressWarnings("requires-automatic") // Guice names its module in its manifest only
module dev.jflow.core {
  requires transitive dev.jflow.api;
  requires org.slf4j;
  requires org.yaml.snakeyaml;
  requires transitive micrometer.core; // FlowTelemetry takes the caller's MeterRegistry
  requires transitive io.opentelemetry.api; // and OpenTelemetry
  requires io.opentelemetry.context;
  requires jdk.management; // the JVM's meters (FlowTelemetry jvmMetrics): java.management and the GC notifications
  requires static com.google.guice; // optional: only FlowModule uses it, and whoever uses FlowModule has Guice

  exports dev.jflow.core;
  // Guice calls FlowModule's package-private @Provides methods by reflection
  opens dev.jflow.core to com.google.guice;

  uses dev.jflow.api.spi.TransportProvider;
  uses dev.jflow.api.spi.ContainerEngine; // pods that run in containers (docker://IMAGE): engine-docker
  provides dev.jflow.api.spi.FlowFactory with dev.jflow.core.internal.CoreFlowFactory;
  provides dev.jflow.api.spi.TransportProvider with dev.jflow.core.internal.InProcessTransportProvider;
}
