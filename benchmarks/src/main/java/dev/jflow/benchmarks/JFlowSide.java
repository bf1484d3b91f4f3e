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
 * JFlow over gRPC: a Flow with one pass-through pod served on 127.0.0.1, indexed by a separate
 * {@link Client}. Documents are built before timing; cutting them into requests, encoding, the
 * gateway, the pod and decoding are all timed. A request's send time is taken when the client engine
 * reads its last document, which is when the engine cuts and sends it.
 */
final class JFlowSide implements Side {
  private final Settings settings;
  private final List<Document> docs;
  private final Map<String, Integer> requestOfFirstDoc = new HashMap<>();
  private final Flow flow;
  private final Client client;

  JFlowSide(Settings settings, List<Payloads.Doc> data) {
    this.settings = settings;
    this.docs = Payloads.documents(data);
    for (int i = 0; i < docs.size(); i += settings.requestSize()) {
      requestOfFirstDoc.put(docs.get(i).id(), i / settings.requestSize());
    }
    this.flow = Flow.builder().name("bench").protocol("grpc").host("127.0.0.1").prefetch(settings.prefetch())
        .add().build().start();
    Client c = null;
    try {
      c = Client.connect("grpc", "127.0.0.1", flow.async().gatewayAddress().port());
    } finally {
      if (c == null) {
        flow.close();
      }
    }
    this.client = c;
  }

  @Override
  public String name() {
    return "JFlow (grpc, 1 pod)";
  }

  @Override
  public RoundResult round() throws Exception {
    int requests = settings.requests();
    AtomicLongArray sent = new AtomicLongArray(requests);
    long[] latency = new long[requests];
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    CallOptions options = CallOptions.builder()
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
      flow.close();
    }
  }
}
