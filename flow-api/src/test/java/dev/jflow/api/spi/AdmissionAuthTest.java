package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may send what, decided by the admission: once per call (the caller), then per request (its role). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdmissionAuthTest {
  private static final String DATA = BearerTokensTest.DATA;
  private static final String ADMIN = BearerTokensTest.ADMIN;

  /** A Flow that echoes data and answers STATUS with the details of one pod. */
  static final class Flow implements RequestHandler {
    final AtomicInteger handled = new AtomicInteger();

    @Override
    public CompletableFuture<Response> handle(Request request, Duration timeout) {
      handled.incrementAndGet();
      if (request.type() == RequestType.CONTROL) {
        JsonMap args = JsonMap.of(Map.of("flow", "f", "ready", true, "pods", List.of(Map.of("name", "secret-pod"))));
        Request answer = Request.builder(RequestType.CONTROL).id(request.id())
            .parameters(Map.of("command", request.parameters().getString("command", ""), "args", args)).build();
        return CompletableFuture.completedFuture(Response.of(answer, Status.SUCCESS, List.of()));
      }
      return CompletableFuture.completedFuture(Response.of(request, Status.SUCCESS, List.of()));
    }

    @Override
    public boolean isReady() {
      return true;
    }
  }

  /** What a transport would have written. */
  static final class Sink implements CallSink {
    final List<Response> sent = new ArrayList<>();
    final CompletableFuture<FlowException> ended = new CompletableFuture<>(); // null: completed normally

    @Override
    public synchronized void send(Request request, Response response) {
      sent.add(response);
    }

    @Override
    public void complete() {
      ended.complete(null);
    }

    @Override
    public void fail(FlowException error) {
      ended.complete(error);
    }
  }

  private final Flow flow = new Flow();

  private Admission admission(Authenticator authenticator) {
    return Admission.of(GatewayConfig.builder().authenticator(authenticator).build(), flow);
  }

  private static final Authenticator TOKENS = BearerTokens.builder().dataTokens(Secret.of(DATA)).adminTokens(Secret.of(ADMIN)).build();

  private static Request control(String command) {
    return Request.builder(RequestType.CONTROL).parameters(Map.of("command", command)).build();
  }

  /** Sends {@code requests} on one call with {@code credentials}; returns the sink once the call ended. */
  private static Sink call(Admission admission, Credentials credentials, Request... requests) throws Exception {
    Sink sink = new Sink();
    AdmittedCall call = admission.open(sink, null, credentials);
    for (Request r : requests) {
      call.offer(r, 10);
    }
    call.halfClose();
    sink.ended.get(5, TimeUnit.SECONDS);
    return sink;
  }

  private static FlowException failure(Sink sink) throws Exception {
    FlowException e = sink.ended.get(5, TimeUnit.SECONDS);
    assertTrue(e != null, "the call failed");
    return e;
  }

  @Test
  void aCallWithAMissingOrWrongTokenIsRefusedBeforeAnyRequestRunsAndTheGatewayKeepsServing() throws Exception {
    Admission a = admission(TOKENS);
    for (Credentials c : List.of(Credentials.none(), Credentials.bearer("not-a-token-of-this-gateway"))) {
      FlowException e = failure(call(a, c, Request.builder(RequestType.INDEX).build()));
      assertEquals(Status.Code.UNAUTHENTICATED, e.code(), c.toString());
    }
    assertEquals(0, flow.handled.get(), "nothing ran");
    assertEquals(0, a.openCalls());
    assertEquals(0, a.heldBytes());
    Sink ok = call(a, Credentials.bearer(DATA), Request.builder(RequestType.INDEX).build());
    assertNull(ok.ended.get());
    assertEquals(1, ok.sent.size(), "the next caller with a valid token is served");
  }

  @Test
  void aDataTokenMaySendDataAndStatusButAControlCommandFailsItsCallWithPermissionDenied() throws Exception {
    Admission a = admission(TOKENS);
    Sink data = call(a, Credentials.bearer(DATA), Request.builder(RequestType.SEARCH).build(), control("STATUS"),
        Request.builder(RequestType.TRAIN).build());
    assertNull(data.ended.get(), "data and STATUS are allowed");
    for (String command : List.of("RELOAD", "SCALE", "DUMP", "TERMINATE", "")) {
      FlowException e = failure(call(a, Credentials.bearer(DATA), control(command)));
      assertEquals(Status.Code.PERMISSION_DENIED, e.code(), command);
      assertTrue(e.getMessage().startsWith("PERMISSION_DENIED: control command " + command + " needs an admin token; caller 'data-token:")
          && e.getMessage().endsWith("' has the roles [DATA]"), e.getMessage());
    }
    FlowException dump = failure(call(a, Credentials.bearer(DATA), Request.builder(RequestType.DUMP).build()));
    assertEquals(Status.Code.PERMISSION_DENIED, dump.code(), "a DUMP request writes files on the server: admin only");
    assertNull(call(a, Credentials.bearer(ADMIN), control("RELOAD"), Request.builder(RequestType.INDEX).build()).ended.get(),
        "an admin token may control and send data");
  }

  @Test
  void onlyAnAdminSeesTheDetailsOfAStatus() throws Exception {
    Admission a = admission(TOKENS);
    JsonMap summary = (JsonMap) call(a, Credentials.bearer(DATA), control("STATUS")).sent.get(0).parameters().get("args");
    assertEquals(JsonMap.of(Map.of("flow", "f", "ready", true, "pods", List.of())), summary);
    JsonMap full = (JsonMap) call(a, Credentials.bearer(ADMIN), control("STATUS")).sent.get(0).parameters().get("args");
    assertTrue(full.toString().contains("secret-pod"), full.toString());
  }

  @Test
  void byDefaultDataNeedsNoTokenButControlIsRefusedSayingHowToEnableIt() throws Exception {
    Admission a = Admission.of(GatewayConfig.defaults(), flow);
    assertNull(call(a, Credentials.none(), Request.builder(RequestType.INDEX).build(), control("STATUS")).ended.get());
    FlowException e = failure(call(a, Credentials.none(), control("SCALE")));
    assertEquals(Status.Code.PERMISSION_DENIED, e.code());
    assertTrue(e.status().description().startsWith("control command SCALE needs an admin token (none was sent): set "
        + "JFLOW_ADMIN_TOKENS on the gateway and send one.")
        && e.getMessage().contains("In-process, the Flow object's own control methods always work"), e.getMessage());
    assertTrue(dev.jflow.api.internal.TokenSet.MIN_LENGTH > 0 && e.status().description().indexOf("send one.") < 123,
        "what to do fits a WebSocket close reason (123 bytes)");
    assertEquals(Status.Code.UNAUTHENTICATED, failure(call(a, Credentials.bearer(ADMIN), control("STATUS"))).code(),
        "a token this gateway cannot check is refused rather than ignored");
  }

  @Test
  void aCustomAuthenticatorDecidesAndItsFailureRefusesTheCall() throws Exception {
    Authenticator custom = c -> {
      if (c.peer().orElse("").equals("CN=ops")) {
        return Caller.of("ops", Role.ADMIN);
      }
      if (c.bearerToken().orElse("").equals("boom")) {
        throw new IllegalStateException("the key server is down");
      }
      throw new FlowException(Status.Code.UNAUTHENTICATED, "only ops");
    };
    Admission a = admission(custom);
    assertNull(call(a, Credentials.none().withPeer("CN=ops"), control("RELOAD")).ended.get());
    assertEquals(Status.Code.UNAUTHENTICATED, failure(call(a, Credentials.none(), control("STATUS"))).code());
    FlowException broken = failure(call(a, Credentials.bearer("boom"), control("STATUS")));
    assertEquals(Status.Code.INTERNAL, broken.code(), "a failing authenticator refuses: it never lets the call in");
    assertEquals(Status.Code.INTERNAL, failure(call(admission(c -> null), Credentials.none(), control("STATUS"))).code());
  }
}
