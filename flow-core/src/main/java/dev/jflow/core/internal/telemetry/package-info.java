/**
 * The Micrometer and OpenTelemetry implementation of {@link dev.jflow.api.spi.Telemetry} behind
 * {@code FlowTelemetry}. Internal: may change at any time; not exported by module {@code dev.jflow.core}.
 */
package dev.jflow.core.internal.telemetry;
