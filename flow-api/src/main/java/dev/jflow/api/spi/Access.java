package dev.jflow.api.spi;

import dev.jflow.api.FlowException;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;

/**
 * Which role each request needs, checked by the admission as the request is offered: data requests
 * need {@link Role#DATA}; control commands other than STATUS, and DUMP requests, need
 * {@link Role#ADMIN}; STATUS needs none, but only an admin sees its details (pods and replicas).
 */
final class Access {
  /** How a gateway gets tokens, for messages. */
  static final String HOW_TO_CONFIGURE = "JFLOW_DATA_TOKENS / JFLOW_ADMIN_TOKENS or --data-tokens-file / "
      + "--admin-tokens-file for jflow flow and jflow pod, 'auth' in the Flow YAML's 'with', or "
      + "GatewayConfig.builder().authenticator(...)";
  /** How a client sends a token, for messages. */
  static final String HOW_TO_SEND = "send 'Authorization: Bearer <token>' (ClientConfig.builder().token(...), "
      + "or --token-file / JFLOW_TOKEN for the jflow client)";

  private static final String STATUS = "STATUS";

  private Access() {}

  /** The role {@code request} needs, or null for STATUS, which any admitted caller may ask. */
  static Role required(Request request) {
    if (request.type() == RequestType.DUMP) {
      return Role.ADMIN;
    }
    if (request.type() == RequestType.CONTROL) {
      return STATUS.equals(command(request)) ? null : Role.ADMIN;
    }
    return Role.DATA;
  }

  /**
   * Why {@code caller} may not send {@code request}: PERMISSION_DENIED saying what would allow it; null
   * when it may. What matters comes first: a WebSocket close reason keeps only 123 bytes.
   */
  static FlowException refusal(Caller caller, Request request) {
    Role role = required(request);
    if (role == null || caller.has(role)) {
      return null;
    }
    String what = request.type() == RequestType.CONTROL ? "control command " + command(request) + " needs"
        : request.type() + " requests need";
    String needs = role == Role.ADMIN ? "an admin token" : "the " + role + " role";
    if (caller.isAnonymous()) {
      return new FlowException(Status.Code.PERMISSION_DENIED, what + " " + needs + " (none was sent): set "
          + "JFLOW_ADMIN_TOKENS on the gateway and send one. Over the network a gateway takes control commands (all "
          + "but STATUS) only from callers with the ADMIN role: configure admin tokens (" + HOW_TO_CONFIGURE + ") and "
          + HOW_TO_SEND + ". In-process, the Flow object's own control methods always work");
    }
    return new FlowException(Status.Code.PERMISSION_DENIED, what + " " + needs + "; caller '" + caller.name()
        + "' has the roles " + caller.roles());
  }

  /** What {@code caller} may see of {@code response}: a STATUS answer keeps only the Flow's name and readiness unless the caller is an admin. */
  static Response visible(Caller caller, Request request, Response response) {
    if (request.type() != RequestType.CONTROL || caller.has(Role.ADMIN) || !STATUS.equals(command(request))
        || !(response.parameters().get("args") instanceof JsonMap)) {
      return response;
    }
    JsonMap full = (JsonMap) response.parameters().get("args");
    JsonMap summary = new JsonMap();
    summary.put("flow", full.get("flow"));
    summary.put("ready", full.get("ready"));
    summary.put("pods", java.util.List.of());
    JsonMap parameters = response.parameters().copy();
    parameters.put("args", summary);
    return new Response(response.requestId(), response.type(), response.docs(), response.groundtruths(), response.ids(),
        parameters, response.status(), response.routes());
  }

  private static String command(Request request) {
    return request.parameters().getString("command", "");
  }
}
