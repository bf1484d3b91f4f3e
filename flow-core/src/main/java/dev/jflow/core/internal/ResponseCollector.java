package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.FlowException;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes every response of a call: runs {@code onDone} or {@code onError}, then {@code onAlways}, once
 * per response, collects the responses when asked, and completes the call's future. A callback that
 * throws fails the call (and stops it) unless {@code continueOnError}, which logs it and goes on.
 */
final class ResponseCollector implements Flow.Subscriber<Response> {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseCollector.class);

  private final CallOptions options;
  private final CallFuture<List<Response>> future;
  private final List<Response> results = new ArrayList<>();
  private Flow.Subscription subscription;
  private boolean failed;

  ResponseCollector(CallOptions options, CallFuture<List<Response>> future) {
    this.options = options;
    this.future = future;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    future.attach(s);
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(Response r) {
    if (failed) {
      return;
    }
    boolean ok = run(r.isError() ? "onError" : "onDone", r.isError() ? options.onError() : options.onDone(), r)
        && run("onAlways", options.onAlways(), r);
    if (ok && options.returnResults()) {
      results.add(r);
    }
  }

  private boolean run(String name, Consumer<Response> callback, Response r) {
    if (callback == null) {
      return true;
    }
    try {
      callback.accept(r);
      return true;
    } catch (RuntimeException | Error e) {
      if (options.continueOnError()) {
        String mdc = RequestMdc.enter(r.requestId());
        try { // the user's callback failed: its stack trace is what they need to fix it
          LOG.warn("the {} callback threw on response {}; going on (continueOnError)", name, r.requestId(), e);
        } finally {
          RequestMdc.exit(mdc);
        }
        return true;
      }
      failed = true;
      subscription.cancel();
      future.fail(new FlowException(Status.of(Status.Code.ERROR,
          "the " + name + " callback threw on response " + r.requestId() + ": " + e
              + "; set continueOnError to log callback failures and go on").withCause(e)));
      return false;
    }
  }

  @Override
  public void onError(Throwable t) {
    if (!failed) {
      future.fail(t);
    }
  }

  @Override
  public void onComplete() {
    if (!failed) {
      future.succeed(options.returnResults() ? List.copyOf(results) : List.of());
    }
  }
}
