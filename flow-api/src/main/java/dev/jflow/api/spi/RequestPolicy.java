package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.Status;

/**
 * What a gateway refuses to run whatever its size: a {@code top_k} over {@link GatewayConfig#maxTopK()}
 * (an executor would allocate for that many matches per query). The admission asks it about every
 * request it is offered, so every transport keeps the same policy. Immutable.
 */
final class RequestPolicy {
  private final int maxTopK;

  private RequestPolicy(int maxTopK) {
    this.maxTopK = maxTopK;
  }

  /** The policy {@code config} sets. */
  static RequestPolicy of(GatewayConfig config) {
    return new RequestPolicy(config.maxTopK());
  }

  /**
   * Why {@code request} is refused, or null when it may run. The codecs put a Jina client's
   * {@code queryset} top_k into the parameters, so the parameters are the one place to look.
   */
  FlowException refusal(Request request) {
    Object k = request.parameters().get(Request.TOP_K);
    if (k instanceof Number && ((Number) k).doubleValue() > maxTopK) {
      return new FlowException(Status.Code.INVALID_ARGUMENT, "request '" + request.id() + "' asks for top_k="
          + format(((Number) k).doubleValue()) + ", over this gateway's maxTopK=" + maxTopK
          + "; ask for fewer matches, or raise the gateway's maxTopK (YAML max_top_k, jflow --max-top-k)");
    }
    return null;
  }

  private static String format(double k) {
    return k == Math.rint(k) && Math.abs(k) < 1e15 ? Long.toString((long) k) : Double.toString(k);
  }
}
