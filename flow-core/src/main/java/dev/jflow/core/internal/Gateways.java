package dev.jflow.core.internal;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.GatewayServer;
import dev.jflow.api.spi.RequestHandler;
import dev.jflow.api.spi.TransportAddress;
import dev.jflow.api.spi.TransportProvider;
import dev.jflow.core.TransportRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The gateways of one Flow: one per configured protocol, each made by its transport's provider, all
 * serving the same handler (each with its own admission, so its own budgets). They start in order; if
 * one cannot, the start fails naming it, and closing (which the Flow does after a failed start) stops
 * every one, started or not. Closing drains them all at once and completes when every one is closed;
 * it fails when any had to cut requests. Thread-safe.
 */
final class Gateways {
  private static final String INVALID = "invalid gateway options: ";

  private final List<GatewayConfig> configs;
  private final List<TransportProvider> providers;
  private final List<GatewayServer> servers = new ArrayList<>();
  private volatile List<TransportAddress> addresses = List.of();
  private CompletableFuture<Void> closed;

  private Gateways(List<GatewayConfig> configs, List<TransportProvider> providers) {
    this.configs = configs;
    this.providers = providers;
  }

  /**
   * The gateways {@code config} asks for, their transports found in {@code registry}, their options
   * checked: every option must belong to a served protocol, and that transport must know it.
   *
   * @throws FlowException NOT_FOUND for a transport that is not available; INVALID_ARGUMENT naming
   *     every option that no gateway owns, that its transport does not know, or whose value is bad
   */
  static Gateways of(GatewayConfig config, TransportRegistry registry) {
    List<GatewayConfig> configs = config.gateways();
    List<TransportProvider> providers = new ArrayList<>();
    configs.forEach(c -> providers.add(registry.provider(c.protocol())));
    List<String> served = providers.stream().map(TransportProvider::name).toList();
    List<String> problems = new ArrayList<>();
    for (String option : config.options().keySet()) {
      if (!served.contains(option.substring(0, option.indexOf('.')))) {
        problems.add("gateway option '" + option + "' is for no gateway of this Flow; options are named after a protocol it serves: "
            + served);
      }
    }
    for (TransportProvider p : providers) {
      try {
        p.validateOptions(config);
      } catch (FlowException e) {
        String d = e.status().description();
        problems.add(d.startsWith(INVALID) ? d.substring(INVALID.length()) : d);
      }
    }
    if (!problems.isEmpty()) {
      throw new FlowException(Status.Code.INVALID_ARGUMENT, INVALID + String.join("; ", problems));
    }
    return new Gateways(configs, providers);
  }

  /** The provider of the first gateway, whose client the Flow's own calls use. */
  TransportProvider first() {
    return providers.get(0);
  }

  /** The protocols served, e.g. {@code grpc} or {@code grpc,websocket}. */
  String protocols() {
    return String.join(",", providers.stream().map(TransportProvider::name).toList());
  }

  /**
   * Makes every gateway, each admitting callers through {@code authenticator}, then starts them one
   * after the other; fails naming the first that could not start.
   */
  CompletableFuture<Void> start(RequestHandler handler, Authenticator authenticator) {
    synchronized (this) {
      if (closed != null) {
        return CompletableFuture.failedFuture(new FlowException(Status.Code.FAILED_PRECONDITION, "the gateways are closed"));
      }
      try {
        for (int i = 0; i < providers.size(); i++) {
          servers.add(providers.get(i).newGatewayServer(configs.get(i).toBuilder().authenticator(authenticator).build(), handler));
        }
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(failedToStart(providers.get(servers.size()), e));
      }
    }
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int i = 0; i < servers.size(); i++) {
      GatewayServer s = servers.get(i);
      TransportProvider p = providers.get(i);
      chain = chain.thenCompose(v -> startOne(s, p));
    }
    return chain.thenRun(() -> addresses = servers.stream().map(GatewayServer::address).toList());
  }

  private CompletableFuture<Void> startOne(GatewayServer server, TransportProvider provider) {
    CompletableFuture<Void> started;
    try {
      started = server.start();
    } catch (RuntimeException e) {
      started = CompletableFuture.failedFuture(e);
    }
    return started.handle((v, e) -> {
      if (e != null) {
        throw failedToStart(provider, e);
      }
      return null;
    });
  }

  private static FlowException failedToStart(TransportProvider provider, Throwable e) {
    Throwable cause = Futures.unwrap(e);
    Status.Code code = cause instanceof FlowException f ? f.code() : Status.Code.INTERNAL;
    return new FlowException(Status.of(code, "the " + provider.name() + " gateway failed to start: " + cause.getMessage()).withCause(cause));
  }

  /** Where each gateway listens, named by its configured protocol, in order; empty until every one started. */
  List<GatewayAddress> addresses() {
    List<TransportAddress> all = addresses;
    List<GatewayAddress> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      out.add(GatewayAddress.of(providers.get(i).name(), all.get(i).host(), all.get(i).port()));
    }
    return List.copyOf(out);
  }

  /** Where the first gateway listens, for the Flow's own client; valid once started. */
  TransportAddress firstAddress() {
    return addresses.get(0);
  }

  /**
   * Drains and closes every gateway at once; completes when all are closed. It fails when any cut
   * requests: with that gateway's failure, or one naming each when several did. Idempotent.
   */
  synchronized CompletableFuture<Void> closeAsync() {
    if (closed != null) {
      return closed;
    }
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (GatewayServer s : servers) {
      try {
        closing.add(s.closeAsync());
      } catch (RuntimeException e) {
        closing.add(CompletableFuture.failedFuture(e));
      }
    }
    List<CompletableFuture<Throwable>> outcomes = closing.stream().map(f -> f.handle((v, e) -> e)).toList();
    closed = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenRun(() -> {
      List<Throwable> cut = new ArrayList<>();
      outcomes.forEach(o -> {
        if (o.join() != null) {
          cut.add(Futures.unwrap(o.join()));
        }
      });
      if (cut.size() == 1) {
        throw cut.get(0) instanceof RuntimeException r ? r : new FlowException(Status.Code.INTERNAL, cut.get(0).toString(), cut.get(0));
      }
      if (cut.size() > 1) {
        List<String> each = new ArrayList<>();
        cut.forEach(t -> each.add(t instanceof FlowException f ? f.status().description() : t.toString()));
        Status.Code code = cut.get(0) instanceof FlowException f ? f.code() : Status.Code.INTERNAL;
        FlowException all = new FlowException(code, String.join("; ", each), cut.get(0));
        cut.subList(1, cut.size()).forEach(all::addSuppressed);
        throw all;
      }
    });
    return closed;
  }
}
