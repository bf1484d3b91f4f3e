package dev.jflow.core.testing;

import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.GatewayMetrics;
import dev.jflow.api.spi.MetricsScrape;
import dev.jflow.api.spi.PodMetrics;
import dev.jflow.api.spi.RemoteMetrics;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TraceSpan;
import dev.jflow.api.spi.Tracing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * A {@link Telemetry} for tests that records every call it gets, thread-safely: the meters handed out
 * (one object per call, kept in order) and what was reported to them, and every span with its parent,
 * attributes, events and outcome. Spans get made-up W3C contexts (a child keeps its parent's trace id),
 * so a test can follow a trace across Flows. Tracing is on unless made with {@link #withoutTracing()}.
 */
public final class RecordingTelemetry implements Telemetry {
  private final boolean tracing;
  private final String scrape;
  private final List<Gateway> gateways = new CopyOnWriteArrayList<>();
  private final List<Pod> pods = new CopyOnWriteArrayList<>();
  private final List<Queue> queues = new CopyOnWriteArrayList<>();
  private final List<Remote> remotes = new CopyOnWriteArrayList<>();
  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private final Tracing tracer = new Tracing() {
    @Override
    public boolean isEnabled() {
      return true;
    }

    @Override
    public TraceSpan request(String flow, Request request, TraceContext parent) {
      String type = request.type().name().toLowerCase(java.util.Locale.ROOT);
      Span s = new Span("jflow.request " + type, null, parent);
      s.attribute("jflow.flow", flow);
      s.attribute("jflow.request_id", request.id());
      s.attribute("jflow.request_type", type);
      s.attribute("rpc.system", "jflow");
      return s;
    }
  };

  private RecordingTelemetry(boolean tracing, String scrape) {
    this.tracing = tracing;
    this.scrape = scrape;
  }

  /** Records meters and spans; no scrape. */
  public static RecordingTelemetry create() {
    return new RecordingTelemetry(true, null);
  }

  /** Records meters only: {@link Tracing#isEnabled()} is false and no span is made. */
  public static RecordingTelemetry withoutTracing() {
    return new RecordingTelemetry(false, null);
  }

  /** Records meters and spans, and {@link #scrape()} serves {@code text}. */
  public static RecordingTelemetry withScrape(String text) {
    return new RecordingTelemetry(true, text);
  }

  @Override
  public GatewayMetrics gateway(String flow, String protocol) {
    Gateway g = new Gateway(flow, protocol);
    gateways.add(g);
    return g;
  }

  @Override
  public PodMetrics pod(String flow, String pod, String replica) {
    Pod p = new Pod(flow, pod, replica);
    pods.add(p);
    return p;
  }

  @Override
  public AutoCloseable queue(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
    Queue q = new Queue(flow, pod, group, depth, inFlight);
    queues.add(q);
    return q;
  }

  @Override
  public RemoteMetrics remote(String flow, String pod, String address) {
    Remote r = new Remote(flow, pod, address);
    remotes.add(r);
    return r;
  }

  @Override
  public Tracing tracing() {
    return tracing ? tracer : Tracing.none();
  }

  @Override
  public Optional<MetricsScrape> scrape() {
    return scrape == null ? Optional.empty() : Optional.of(() -> scrape);
  }

  /** Every gateway's meters handed out, in order. */
  public List<Gateway> gateways() {
    return List.copyOf(gateways);
  }

  /** Every replica's (and group's) meters handed out, in order. */
  public List<Pod> pods() {
    return List.copyOf(pods);
  }

  /** The meters handed out for pod {@code pod}, in order. */
  public List<Pod> pods(String pod) {
    return pods.stream().filter(p -> p.pod.equals(pod)).collect(Collectors.toList());
  }

  /** Every request the replicas of {@code pod} reported finished. */
  public List<Finished> finished(String pod) {
    List<Finished> all = new ArrayList<>();
    pods(pod).forEach(p -> all.addAll(p.finished()));
    return all;
  }

  /** How many requests {@code pod} shed, under any label. */
  public int shed(String pod) {
    return pods(pod).stream().mapToInt(Pod::sheds).sum();
  }

  /** The labels the replacements of {@code pod}'s executors reported their restarts under, one per restart. */
  public List<String> restartLabels(String pod) {
    List<String> all = new ArrayList<>();
    pods(pod).forEach(p -> {
      for (int i = 0; i < p.restarts(); i++) {
        all.add(p.replica());
      }
    });
    return all;
  }

  /** How many executors of {@code pod} were replaced, under any label. */
  public int restarts(String pod) {
    return pods(pod).stream().mapToInt(Pod::restarts).sum();
  }

  /** Every queue registration, in order. */
  public List<Queue> queues() {
    return List.copyOf(queues);
  }

  /** Every remote pod connection's meters handed out, in order. */
  public List<Remote> remotes() {
    return List.copyOf(remotes);
  }

  /** Every span started, in order. */
  public List<Span> spans() {
    return List.copyOf(spans);
  }

  /** The spans named {@code name}, in order. */
  public List<Span> spans(String name) {
    return spans.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
  }

  /** One request a replica finished, as {@link PodMetrics#finished} reported it. */
  public record Finished(String flow, String pod, String replica, RequestType type, Status.Code code, int docs, long queueNanos,
      long executorNanos) {}

  /** The meters of one replica (or of a group, for what no replica did). */
  public static final class Pod implements PodMetrics {
    private final String flow;
    private final String pod;
    private final String replica;
    private final List<Finished> finished = new CopyOnWriteArrayList<>();
    private final AtomicInteger shed = new AtomicInteger();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    Pod(String flow, String pod, String replica) {
      this.flow = flow;
      this.pod = pod;
      this.replica = replica;
    }

    @Override
    public void finished(RequestType type, Status.Code code, int docs, long queueNanos, long executorNanos) {
      finished.add(new Finished(flow, pod, replica, type, code, docs, queueNanos, executorNanos));
    }

    @Override
    public void batched(int requests, int docs) {
      batches.add(docs);
    }

    /** The documents of each dynamic batch this replica ran, in order. */
    public List<Integer> batches() {
      return List.copyOf(batches);
    }

    @Override
    public void shed() {
      shed.incrementAndGet();
    }

    @Override
    public void restarted() {
      restarts.incrementAndGet();
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
      return closes.get() > 0;
    }

    /** How many times {@link #close()} was called (once is right). */
    public int closes() {
      return closes.get();
    }

    /** The Flow it was made for. */
    public String flow() {
      return flow;
    }

    /** The pod it was made for. */
    public String pod() {
      return pod;
    }

    /** The replica (or group) label it was made for. */
    public String replica() {
      return replica;
    }

    /** The requests reported finished, in order. */
    public List<Finished> finished() {
      return List.copyOf(finished);
    }

    /** How many refusals were reported. */
    public int sheds() {
      return shed.get();
    }

    /** How many replacements were reported. */
    public int restarts() {
      return restarts.get();
    }
  }

  /** One registration of a group's queue gauges. */
  public static final class Queue implements AutoCloseable {
    private final String flow;
    private final String pod;
    private final String group;
    private final LongSupplier depth;
    private final LongSupplier inFlight;
    private volatile boolean closed;

    Queue(String flow, String pod, String group, LongSupplier depth, LongSupplier inFlight) {
      this.flow = flow;
      this.pod = pod;
      this.group = group;
      this.depth = depth;
      this.inFlight = inFlight;
    }

    /** The Flow it was registered for. */
    public String flow() {
      return flow;
    }

    /** The pod it was registered for. */
    public String pod() {
      return pod;
    }

    /** The group label it was registered for. */
    public String group() {
      return group;
    }

    /** The queue's depth now, read as a meter registry would. */
    public long depth() {
      return depth.getAsLong();
    }

    /** The requests running now, read as a meter registry would. */
    public long inFlight() {
      return inFlight.getAsLong();
    }

    /** Whether the registration was closed. */
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** The meters of one remote pod's connection. */
  public static final class Remote implements RemoteMetrics {
    private final String flow;
    private final String pod;
    private final String address;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Status.Code> rpcs = new CopyOnWriteArrayList<>();
    private final AtomicLong rpcNanos = new AtomicLong();

    Remote(String flow, String pod, String address) {
      this.flow = flow;
      this.pod = pod;
      this.address = address;
    }

    @Override
    public void ready(boolean ready) {
      events.add("ready " + ready);
    }

    @Override
    public void reconnected() {
      events.add("reconnected");
    }

    @Override
    public void rpc(Status.Code code, long nanos) {
      rpcs.add(code);
      rpcNanos.addAndGet(nanos);
    }

    @Override
    public void close() {
      events.add("closed");
    }

    /** The Flow it was made for. */
    public String flow() {
      return flow;
    }

    /** The pod it was made for. */
    public String pod() {
      return pod;
    }

    /** The remote's address, e.g. {@code grpc://host:port}. */
    public String address() {
      return address;
    }

    /** {@code "ready true"}, {@code "ready false"}, {@code "reconnected"} and {@code "closed"}, in order. */
    public List<String> events() {
      return List.copyOf(events);
    }

    /** The codes of the calls reported, in order. */
    public List<Status.Code> rpcs() {
      return List.copyOf(rpcs);
    }

    /** The calls' times added up, in nanoseconds. */
    public long rpcNanos() {
      return rpcNanos.get();
    }
  }

  /** The meters of one gateway: what was reported, as counts and lists. */
  public static final class Gateway implements GatewayMetrics {
    private final String flow;
    private final String protocol;
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Status.Code> answered = new CopyOnWriteArrayList<>();
    private final List<Status.Code> refused = new CopyOnWriteArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;

    Gateway(String flow, String protocol) {
      this.flow = flow;
      this.protocol = protocol;
    }

    @Override
    public void callOpened() {
      events.add("callOpened");
    }

    @Override
    public void callClosed() {
      events.add("callClosed");
    }

    @Override
    public void connectionOpened() {
      events.add("connectionOpened");
    }

    @Override
    public void connectionClosed() {
      events.add("connectionClosed");
    }

    @Override
    public void received(long bytes) {
      received.addAndGet(bytes);
      events.add("received");
    }

    @Override
    public void admitted(long waitNanos) {
      events.add("admitted");
    }

    @Override
    public void answered(Status.Code code, long latencyNanos) {
      answered.add(code);
      events.add("answered");
    }

    @Override
    public void refused(Status.Code code) {
      refused.add(code);
      events.add("refused");
    }

    @Override
    public void sent(long bytes) {
      sent.addAndGet(bytes);
      events.add("sent");
    }

    @Override
    public void close() {
      closed = true;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
      return closed;
    }

    /** The Flow it was made for. */
    public String flow() {
      return flow;
    }

    /** The protocol it was made for. */
    public String protocol() {
      return protocol;
    }

    /** The names of the methods called, in order ({@code callOpened}, {@code received}, ...). */
    public List<String> events() {
      return List.copyOf(events);
    }

    /** How many times {@code event} (a method name) was reported. */
    public long count(String event) {
      return events.stream().filter(event::equals).count();
    }

    /** The codes requests were answered with, in order. */
    public List<Status.Code> answered() {
      return List.copyOf(answered);
    }

    /** The codes calls and requests were refused with, in order. */
    public List<Status.Code> refused() {
      return List.copyOf(refused);
    }

    /** Request bytes reported received, added up. */
    public long bytesReceived() {
      return received.get();
    }

    /** Response bytes reported sent, added up. */
    public long bytesSent() {
      return sent.get();
    }
  }

  /** One recorded span. */
  public final class Span implements TraceSpan {
    private final String name;
    private final Span parent;
    private final TraceContext parentContext;
    private final TraceContext context;
    private final Map<String, String> attributes = new LinkedHashMap<>(); // guarded by this
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile Status status;
    private final AtomicInteger ends = new AtomicInteger();

    Span(String name, Span parent, TraceContext parentContext) {
      this.name = name;
      this.parent = parent;
      this.parentContext = parentContext == null ? TraceContext.none() : parentContext;
      String trace = this.parentContext.isPresent() ? this.parentContext.traceId() : hex(32);
      this.context = TraceContext.of("00-" + trace + "-" + hex(16) + "-01", "");
      spans.add(this);
    }

    private String hex(int digits) {
      StringBuilder b = new StringBuilder(digits);
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < digits; i++) {
        b.append(Character.forDigit(i == 0 ? 1 + random.nextInt(15) : random.nextInt(16), 16));
      }
      return b.toString();
    }

    @Override
    public TraceSpan child(String childName) {
      return new Span(childName, this, context);
    }

    @Override
    public synchronized void attribute(String key, String value) {
      attributes.put(key, value);
    }

    @Override
    public void event(String event) {
      events.add(event);
    }

    @Override
    public void end(Status outcome) {
      if (ends.getAndIncrement() == 0) {
        status = outcome;
      }
    }

    @Override
    public TraceContext context() {
      return context;
    }

    /** Its name, e.g. {@code jflow.pod encoder}. */
    public String name() {
      return name;
    }

    /** The span it is a child of, or null for a request's span. */
    public Span parent() {
      return parent;
    }

    /** The context it was started under: its caller's for a request's span, its parent's for a child. */
    public TraceContext parentContext() {
      return parentContext;
    }

    /** Its attributes now. */
    public synchronized Map<String, String> attributes() {
      return Map.copyOf(attributes);
    }

    /** Its events, in order. */
    public List<String> events() {
      return List.copyOf(events);
    }

    /** The status it ended with, or null while it is open. */
    public Status status() {
      return status;
    }

    /** Whether it has ended. */
    public boolean isEnded() {
      return status != null;
    }

    /** How many times {@link #end} was called (a span should end once). */
    public int ends() {
      return ends.get();
    }

    @Override
    public String toString() {
      return "Span{" + name + ", " + context + (parent == null ? ", parent " + parentContext : "") + ", status="
          + (status == null ? "open" : status.code()) + "}";
    }
  }
}
