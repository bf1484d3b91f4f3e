package dev.jflow.core.internal;

import dev.jflow.api.ClientConfig;
import dev.jflow.api.FlowException;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.AsyncExecutor;
import dev.jflow.api.spi.ContainerEngine;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.RunningContainer;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.api.spi.TraceContext;
import dev.jflow.api.spi.TransportProvider;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One replica of a pod that runs in containers ({@code uses: docker://IMAGE}): opening starts its
 * container through the engine and then serves it as a {@link RemoteExecutor} over gRPC at the port the
 * engine published, ready within {@code readyWait} (a container that stops first fails at once). A
 * failed open says why with the container's exit status and last log lines, and removes it; closing
 * closes the remote and removes the container, also when it races an open. The pod in the container
 * takes data only with a token: the pod's own ({@link PodSpec#token()}) or a fresh one per container,
 * unless the pod's environment sets {@code JFLOW_DATA_TOKENS} itself (then the pod's token is sent, if any).
 */
final class ContainerExecutor implements AsyncExecutor, Traced {
  /** The least the remote is given to become ready once its container runs. */
  private static final long MIN_READY_MS = 1_000;

  private final ContainerEngine engine;
  private final String image;
  private final PodSpec pod;
  private final String flow;
  private final TransportProvider grpc;
  private final Telemetry telemetry;
  private final Duration readyWait;
  private final String token;
  private RunningContainer container; // guarded by this
  private RemoteExecutor remote; // guarded by this
  private boolean closed; // guarded by this
  private java.util.concurrent.CountDownLatch starting; // counted down once engine.start returned and its outcome is settled; guarded by this
  /** How long close() waits for an open that is starting the container to remove it. */
  static final Duration START_WAIT = Duration.ofSeconds(30);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContainerExecutor.class);

  /** {@code token}: the pod's token, read, or null for a fresh one per container. */
  ContainerExecutor(ContainerEngine engine, String image, PodSpec pod, String flow, TransportProvider grpc, Telemetry telemetry,
      Duration readyWait, String token) {
    this.engine = engine;
    this.image = image;
    this.pod = pod;
    this.flow = flow;
    this.grpc = grpc;
    this.telemetry = telemetry;
    this.readyWait = readyWait;
    this.token = token;
  }

  @Override
  public void open(ExecutorContext context) throws InterruptedException {
    long deadline = System.nanoTime() + readyWait.toNanos();
    boolean ownTokens = pod.container().env().containsKey(ContainerRequests.TOKENS_ENV);
    String sent = token != null || ownTokens ? token : SelfTrust.freshToken();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    synchronized (this) {
      if (closed) {
        throw new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod.name() + "' was closed before its container started");
      }
      starting = started;
    }
    RunningContainer c;
    RemoteExecutor r;
    try {
      c = engine.start(ContainerRequests.of(flow, pod, image, context, ownTokens ? null : sent));
      boolean late;
      try {
        r = new RemoteExecutor(grpc, ClientConfig.builder().protocol(grpc.name()).host(c.host()).port(c.port()).token(sent).build(),
            telemetry, flow, pod.name());
        synchronized (this) {
          late = closed;
          if (!late) {
            container = c;
            remote = r;
          }
        }
      } catch (RuntimeException | Error e) {
        c.close();
        throw e;
      }
      if (late) { // close() ran while the engine started it, and waits for this removal
        try {
          r.close();
        } finally {
          c.close();
        }
        throw new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod.name() + "' closed while its container started");
      }
    } finally {
      synchronized (this) {
        starting = null;
      }
      started.countDown();
    }
    try {
      long left = Math.max(MIN_READY_MS, (deadline - System.nanoTime()) / 1_000_000);
      r.open(left, RemoteExecutor.RESOLVE_MS, c::isRunning);
    } catch (FlowException e) {
      boolean wasClosed;
      synchronized (this) {
        wasClosed = closed;
      }
      if (wasClosed) {
        close();
        throw new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod.name() + "' closed while its container started", e);
      }
      String when = c.isRunning() ? " within " + readyWait.toMillis() + " ms" : "";
      String why = c.describe();
      close();
      throw new FlowException(Status.of(Status.Code.FAILED_PRECONDITION, "the container of pod '" + pod.name() + "' (" + image
          + ") did not serve" + when + ": " + e.status().description() + "; " + why).withCause(e));
    } catch (InterruptedException | RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  @Override
  public boolean isReady() {
    RemoteExecutor r;
    synchronized (this) {
      r = remote;
    }
    return r != null && r.isReady();
  }

  @Override
  public CompletionStage<Void> handleAsync(Request request) {
    return handleAsync(request, TraceContext.none());
  }

  @Override
  public CompletionStage<Void> handleAsync(Request request, TraceContext trace) {
    RemoteExecutor r;
    synchronized (this) {
      r = remote;
    }
    if (r == null) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod.name() + "' has no running container"));
    }
    return r.handleAsync(request, trace);
  }

  /**
   * Closes the remote and stops and removes the container (SIGTERM first, so the pod drains). While an
   * open is starting the container, waits up to {@link #START_WAIT} for that open to remove it. Idempotent.
   */
  @Override
  public void close() {
    java.util.concurrent.CountDownLatch opening;
    synchronized (this) {
      closed = true;
      opening = starting;
    }
    boolean interrupted = false;
    if (opening != null) {
      try {
        if (!opening.await(START_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          LOG.warn("pod '{}': its container did not start within {} s of the close; the open that starts it removes it", pod.name(),
              START_WAIT.toSeconds());
        }
      } catch (InterruptedException e) {
        interrupted = true; // restored after the closes: an interrupted Docker call would leave the container behind
      }
    }
    RemoteExecutor r;
    RunningContainer c;
    synchronized (this) {
      r = remote;
      c = container;
      remote = null;
      container = null;
    }
    try {
      if (r != null) {
        r.close();
      }
    } finally {
      try {
        if (c != null) {
          c.close();
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    RunningContainer c;
    synchronized (this) {
      c = container;
    }
    return "pod '" + pod.name() + "' in " + (c == null ? "a container of " + image : c.toString());
  }
}
