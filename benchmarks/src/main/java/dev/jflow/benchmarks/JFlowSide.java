package dev.jflow.benchmarks;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Input;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A JFlow client indexing the payload through a gateway: a separate {@link Client} of
 * {@code protocol://127.0.0.1:port}. Documents are built before timing; cutting them into requests,
 * encoding, the gateway, the pods and decoding are all timed. A request's send time is taken when the
 * client engine reads its last document, which is when the engine cuts and sends it.
 */
final class JFlowSide implements Side {
  private final String name;
  private final Settings settings;
  private final List<Document> docs;
  private final Map<String, Integer> requestOfFirstDoc = new HashMap<>();
  private final Flow ownFlow;
  private final Client client;
  private java.util.concurrent.Executor callExecutor;

  /** A client of the gateway at {@code protocol://127.0.0.1:port}, shown as {@code name}. */
  JFlowSide(String name, Settings settings, List<Payloads.Doc> data, String protocol, int port) {
    this(name, settings, data, null, protocol, port);
  }

  private JFlowSide(String name, Settings settings, List<Payloads.Doc> data, Flow ownFlow, String protocol, int port) {
    this.name = name;
    this.settings = settings;
    this.docs = Payloads.documents(data);
    this.ownFlow = ownFlow;
    for (int i = 0; i < docs.size(); i += settings.requestSize()) {
      requestOfFirstDoc.put(docs.get(i).id(), i / settings.requestSize());
    }
    this.client = Client.connect(protocol, "127.0.0.1", port);
  }

  /**
   * This side with its calls' input read and responses delivered on {@code executor} (the
   * {@code CallOptions.executor}) instead of the client's own pool; returns this.
   */
  JFlowSide callExecutor(java.util.concurrent.Executor executor) {
    this.callExecutor = executor;
    return this;
  }

  /** A Flow with one pass-through pod served over gRPC in this JVM, and its client (the single-JVM harness, {@link EndToEnd}). */
  static JFlowSide inJvm(Settings settings, List<Payloads.Doc> data) {
    Flow flow = Flow.builder().name("bench").protocol("grpc").host("127.0.0.1").prefetch(settings.prefetch())
        .add().build().start();
    try {
      return new JFlowSide("JFlow (grpc, 1 pod)", settings, data, flow, "grpc", flow.async().gatewayAddress().port());
    } catch (RuntimeException e) {
      flow.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RoundResult round() throws Exception {
    int requests = settings.requests();
    AtomicLongArray sent = new AtomicLongArray(requests);
    long[] latency = new long[requests];
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    CallOptions.Builder b = CallOptions.builder();
    if (callExecutor != null) {
      b.executor(callExecutor);
    }
    CallOptions options = b
        .requestSize(settings.requestSize())
        .prefetch(settings.prefetch())
        .returnResults(false)
        .onAlways(r -> {
          long now = System.nanoTime();
          int request = requestOf(r);
          latency[request] = now - sent.get(request);
          answered.incrementAndGet();
          if (r.isError()) {
            errors.incrementAndGet();
          }
        })
        .build();
    long start = System.nanoTime();
    client.index(Inputs.fromIterators(() -> new Timed(sent)), options).get(settings.timeoutSeconds(), TimeUnit.SECONDS);
    long wall = System.nanoTime() - start;
    if (answered.get() != requests || errors.get() != 0) {
      throw new IllegalStateException(name() + ": " + answered.get() + " of " + requests + " requests answered, "
          + errors.get() + " with an error status");
    }
    return new RoundResult(wall, docs.size(), latency);
  }

  private int requestOf(Response r) {
    Integer request = r.docs().isEmpty() ? null : requestOfFirstDoc.get(r.docs().get(0).id());
    if (request == null) {
      throw new IllegalStateException("response " + r.requestId() + " does not start with the first document of a request");
    }
    return request;
  }

  /** Reads the documents in order, stamping a request's send time as its last document is read. */
  private final class Timed implements Iterator<Input> {
    private final AtomicLongArray sent;
    private int next;

    Timed(AtomicLongArray sent) {
      this.sent = sent;
    }

    @Override
    public boolean hasNext() {
      return next < docs.size();
    }

    @Override
    public Input next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = next++;
      if (next % settings.requestSize() == 0 || next == docs.size()) {
        sent.set(i / settings.requestSize(), System.nanoTime());
      }
      return Input.of(docs.get(i));
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      if (ownFlow != null) {
        ownFlow.close();
      }
    }
  }
}
