package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.PodMetrics;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;
import dev.jflow.api.spi.Tracing;
import dev.jflow.core.internal.telemetry.Telemetries;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A telemetry that throws, wherever it throws, neither fails nor hangs a request, nor the Flow's close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GuardedTelemetryTest {

  /** Hands out meters and spans whose every method throws (meters a RuntimeException, spans an Error). */
  static class ThrowingMeters implements Telemetry {
    static RuntimeException boom() {
      return new IllegalStateException("meter registry is broken");
    }

    @Override
    public GatewayMetrics gateway(String flow, String protocol) {
      return new GatewayMetrics() {
        @Override public void callOpened() { throw boom(); }
        @Override public void callClosed() { throw boom(); }
        @Override public void connectionOpened() { throw boom(); }
        @Override public void connectionClosed() { throw boom(); }
        @Override public void received(long bytes) { throw boom(); }
        @Override public void admitted(long waitNanos) { throw boom(); }
        @Override public void answered(Status.Code code, long latencyNanos) { throw boom(); }
        @Override public void refused(Status.Code code) { throw boom(); }
        @Override public void sent(long bytes) { throw boom(); }
        @Override public void close() { throw boom(); }
      };
    }

    @Override
    public PodMetrics pod(String flow, String pod, String replica) {
      return new PodMetrics() {
        @Override public void finished(RequestType type, Status.Code code, int docs, long queueNanos, long executorNanos) {
          throw boom();
        }
        @Override public void shed() { throw boom(); }
        @Override public void restarted() { throw boom(); }
        @Override public void close() { throw boom(); }
      };
    }

    @Override
    public AutoCloseable queue(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
      return () -> { throw boom(); };
    }

    @Override
    public RemoteMetrics remote(String flow, String pod, String address) {
      return new RemoteMetrics() {
        @Override public void ready(boolean ready) { throw boom(); }
        @Override public void reconnected() { throw boom(); }
        @Override public void rpc(Status.Code code, long nanos) { throw boom(); }
        @Override public void close() { throw boom(); }
      };
    }

    @Override
    public Tracing tracing() {
      return new Tracing() {
        @Override public boolean isEnabled() { return true; }
        @Override public TraceSpan request(String flow, Request request, TraceContext parent) { return SPAN; }
      };
    }

    @Override
    public Optional<MetricsScrape> scrape() {
      throw boom();
    }
  }

  static final TraceSpan SPAN = new TraceSpan() {
    @Override public TraceSpan child(String name) { return this; }
    @Override public void attribute(String key, String value) { throw new AssertionError("tracer is broken"); }
    @Override public void event(String name) { throw new AssertionError("tracer is broken"); }
    @Override public void end(Status status) { throw new AssertionError("tracer is broken"); }
    @Override public TraceContext context() { throw new AssertionError("tracer is broken"); }
  };

  /** Throws from every factory method. */
  static final class ThrowingFactories implements Telemetry {
    @Override public GatewayMetrics gateway(String flow, String protocol) { throw ThrowingMeters.boom(); }
    @Override public PodMetrics pod(String flow, String pod, String replica) { throw ThrowingMeters.boom(); }
    @Override public AutoCloseable queue(String flow, String pod, String group, LongSupplier d, LongSupplier i) { throw ThrowingMeters.boom(); }
    @Override public RemoteMetrics remote(String flow, String pod, String address) { throw ThrowingMeters.boom(); }
    @Override public Tracing tracing() { throw new LinkageError("no tracer class"); }
    @Override public Optional<MetricsScrape> scrape() { throw ThrowingMeters.boom(); }
  }

  private static List<Document> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> Document.withId("d" + i).text("x")).collect(Collectors.toList());
  }

  /** Requests, a remote pod, a reload and a scale through a Flow reporting to {@code telemetry}; then a timely close. */
  private static void exercise(Telemetry telemetry) throws Exception {
    Flow far = Flow.builder().name("far").protocol("inprocess").telemetry(telemetry).add("tagger", TestExecutors.PathTagger::new)
        .build().start();
    GatewayAddress gateway = far.async().gatewayAddresses().get(0);
    Flow near = Flow.builder().name("near").telemetry(telemetry)
        .add(PodSpec.builder("enc").replicas(2).usesBefore(TestExecutors.PathTagger::new).uses(TestExecutors.PathTagger::new).build())
        .add("remote", "inprocess://" + gateway.host() + ":1")
        .build().start();
    try {
      List<Response> rs = near.index(Inputs.of(docs(8)), CallOptions.builder().requestSize(1).build());
      assertEquals(8, rs.size());
      assertTrue(rs.stream().noneMatch(Response::isError), rs.toString());
      near.reload("enc");
      near.scale("enc", 3);
      Response found = near.search(docs(1), 1).get(0);
      assertEquals(Status.Code.SUCCESS, found.status().code());
      assertTrue(found.routes().stream().anyMatch(r -> r.pod().equals("remote") && !r.status().isError()), found.routes().toString());
    } finally {
      near.async().closeAsync().get(20, TimeUnit.SECONDS);
      far.async().closeAsync().get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void metersAndSpansThatThrowNeitherFailNorHangRequestsAndEachFailingCallIsLoggedOnce() throws Exception {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
        "dev.jflow.core.internal.telemetry.GuardedTelemetry");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      exercise(new ThrowingMeters());
    } finally {
      logger.detachAppender(lines);
    }
    List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    for (String call : List.of("RemoteMetrics.rpc", "TraceSpan.context")) {
      assertEquals(1, messages.stream().filter(m -> m.contains(" in " + call + ";")).count(), "only near calls a remote: " + call);
    }
    assertTrue(lines.list.stream().allMatch(e -> e.getLevel() == Level.WARN && e.getThrowableProxy() != null), messages.toString());
    for (String call : List.of("PodMetrics.finished", "PodMetrics.close", "TraceSpan.end", "TraceSpan.event", "GatewayMetrics.answered")) {
      for (String flow : List.of("near", "far")) {
        assertEquals(1, messages.stream().filter(m -> m.startsWith("Flow '" + flow + "'") && m.contains(" in " + call + ";")).count(),
            call + " once per Flow: " + messages);
      }
    }
  }

  @Test
  void aTelemetryWhoseFactoriesThrowLeavesTheFlowsWithoutMetersButWorking() throws Exception {
    exercise(new ThrowingFactories());
  }

  @Test
  void noneIsLeftAsItIsAndAGuardedTelemetryIsNotGuardedTwice() {
    assertSame(Telemetry.none(), Telemetries.guarded(Telemetry.none(), "f"));
    assertSame(Telemetry.none(), Telemetries.guarded(null, "f"));
    Telemetry guarded = Telemetries.guarded(new ThrowingMeters(), "f");
    assertSame(guarded, Telemetries.guarded(guarded, "f"));
    assertTrue(guarded.scrape().isEmpty(), "a scrape that throws is no scrape");
  }

  @Test
  void aVirtualMachineErrorIsNotSwallowed() {
    Telemetry t = Telemetries.guarded(new ThrowingMeters() {
      @Override
      public PodMetrics pod(String flow, String pod, String replica) {
        return new PodMetrics() {
          @Override
          public void shed() {
            throw new OutOfMemoryError("test");
          }
        };
      }
    }, "f");
    PodMetrics pod = t.pod("f", "p", "");
    pod.finished(RequestType.INDEX, Status.Code.SUCCESS, 1, 0, 0);
    assertThrows(OutOfMemoryError.class, pod::shed);
  }
}
