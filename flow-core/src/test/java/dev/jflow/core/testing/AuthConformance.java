package dev.jflow.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.jflow.api.Client;
import dev.jflow.api.ClientConfig;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.FlowStatus;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.internal.Futures;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.Caller;
import dev.jflow.api.spi.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may call a gateway, the part of the transport contract about credentials: a transport only
 * extracts them (its client sends {@link ClientConfig#token()}), the admission decides. Run by every
 * transport through {@link TransportConformanceSuite}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public interface AuthConformance {
  /** A data token of {@link #withTokens()}. */
  String DATA_TOKEN = "conformance-data-token-0123456789";
  /** An admin token of {@link #withTokens()}. */
  String ADMIN_TOKEN = "conformance-admin-token-0123456789";
  /** A token no gateway of this suite accepts. */
  String WRONG_TOKEN = "conformance-wrong-token-0123456789";

  /** A builder of a Flow served over the transport under test, with the default authenticator. */
  FlowBuilder<Flow> authFlow();

  /**
   * Clients that are not JFlow's, each presenting a bearer token its own way (a Jina client's gRPC
   * metadata, an HTTP header, a browser's WebSocket subprotocol), by name; none by default.
   */
  default Map<String, ForeignCaller> foreignCallers() {
    return Map.of();
  }

  /** A client outside JFlow that sends one request to a gateway with a bearer token. */
  @FunctionalInterface
  interface ForeignCaller {
    /**
     * Sends one data request (an index of one document), or a control command (RELOAD) when
     * {@code control}, presenting {@code token} (null for none).
     *
     * @return SUCCESS, or the code the gateway refused the request with
     */
    Status.Code send(GatewayAddress gateway, String token, boolean control) throws Exception;
  }

  /** {@link #authFlow()} whose gateway takes {@link #DATA_TOKEN} and {@link #ADMIN_TOKEN}. */
  default FlowBuilder<Flow> withTokens() {
    return authFlow().authenticator(BearerTokens.builder().dataTokens(Secret.of(DATA_TOKEN)).adminTokens(Secret.of(ADMIN_TOKEN)).build());
  }

  /** A client of {@code f}'s gateway presenting {@code token} (null for none). */
  static Client client(Flow f, String token) {
    GatewayAddress a = f.async().gatewayAddress();
    String host = a.host().equals("0.0.0.0") ? "127.0.0.1" : a.host();
    return Client.connect(ClientConfig.builder().protocol(a.protocol()).host(host).port(a.port()).token(token).build());
  }

  /** The failure of {@code call}; the test fails if it succeeds. */
  private static FlowException refused(Function<Client, CompletableFuture<?>> call, Client c) {
    return Futures.toFlowException(assertThrows(Exception.class, () -> call.apply(c).get(20, TimeUnit.SECONDS)));
  }

  private static List<Document> docs() {
    return List.of(Document.withId("a").text("a"), Document.withId("b").text("b"));
  }

  @Test
  default void aMissingOrWrongTokenIsRefusedWithUnauthenticatedAndTheGatewayKeepsServing() {
    try (Flow f = withTokens().add("worker", TestExecutors.PathTagger::new).build().start()) {
      for (String token : new String[] {null, WRONG_TOKEN}) {
        try (Client c = client(f, token)) {
          FlowException data = refused(x -> x.index(docs()), c);
          assertEquals(Status.Code.UNAUTHENTICATED, data.code(), data.toString());
          assertEquals(Status.Code.UNAUTHENTICATED, refused(Client::status, c).code());
          assertFalse(data.getMessage().contains(WRONG_TOKEN), "a refusal never quotes the token: " + data.getMessage());
        }
      }
      assertEquals(2, f.index(docs()).get(0).docs().size(), "the Flow's own calls are trusted and the gateway keeps serving");
      try (Client c = client(f, DATA_TOKEN)) {
        assertEquals(2, c.index(docs()).join().get(0).docs().size());
      }
    }
  }

  @Test
  default void aDataTokenSendsDataButEveryControlCommandButStatusIsRefusedWithPermissionDenied() {
    try (Flow f = withTokens().add("worker", TestExecutors.PathTagger::new).build().start(); Client c = client(f, DATA_TOKEN)) {
      assertEquals(List.of("worker"), c.index(docs()).join().get(0).docs().get(0).tags().get("path"));
      FlowStatus s = c.status().join();
      assertTrue(s.ready());
      assertEquals(List.of(), s.pods(), "only an admin sees the pods");
      List<Function<Client, CompletableFuture<?>>> control = List.of(x -> x.scale("worker", 2), x -> x.reload(),
          x -> x.rollingUpdate("worker", Map.of("v", 2)), x -> x.dump("worker", "/tmp/nowhere", 1));
      for (Function<Client, CompletableFuture<?>> command : control) {
        FlowException e = refused(command, c);
        assertEquals(Status.Code.PERMISSION_DENIED, e.code(), e.toString());
        assertTrue(e.getMessage().contains("needs an admin token"), e.getMessage());
      }
      assertEquals(1, f.status().pod("worker").ready(), "nothing was scaled");
      assertEquals(2, c.index(docs()).join().get(0).docs().size(), "the data token still works");
    }
  }

  @Test
  default void anAdminTokenControlsTheFlowSeesItsStatusDetailsAndSendsData() {
    try (Flow f = withTokens().add("worker", TestExecutors.PathTagger::new).build().start(); Client c = client(f, ADMIN_TOKEN)) {
      c.scale("worker", 2).join();
      assertEquals(2, f.status().pod("worker").ready());
      assertEquals(2, c.status().join().pod("worker").ready(), "the admin sees the details");
      assertEquals(List.of("worker"), c.reload("worker").join());
      assertEquals(2, c.index(docs()).join().get(0).docs().size(), "an admin token may send data too");
    }
  }

  @Test
  default void withoutTokensDataNeedsNoneButControlIsRefusedOverTheNetworkAndStaysAvailableInProcess() {
    try (Flow f = authFlow().add("worker", TestExecutors.PathTagger::new).build().start(); Client c = client(f, null)) {
      assertEquals(2, c.index(docs()).join().get(0).docs().size(), "Jina 1.x clients connect as before");
      assertTrue(c.status().join().ready());
      FlowException e = refused(x -> x.scale("worker", 2), c);
      assertEquals(Status.Code.PERMISSION_DENIED, e.code(), e.toString());
      assertTrue(e.getMessage().contains("needs an admin token") && e.getMessage().contains("JFLOW_ADMIN_TOKENS"), e.getMessage());
      f.async().scale("worker", 2).join();
      assertEquals(2, f.status().pod("worker").ready(), "the Flow object controls its own pods");
      assertEquals(List.of("worker"), f.async().reload("worker").join());
    }
  }

  @Test
  default void aCustomAuthenticatorPluggedInCodeDecidesWhoCalls() {
    String alice = "alice-signed-token-0123456789";
    try (Flow f = authFlow().authenticator(credentials -> {
      if (credentials.bearerToken().orElse("").equals(alice)) {
        return Caller.of("alice", Role.ADMIN);
      }
      throw new FlowException(Status.Code.UNAUTHENTICATED, "only alice may call");
    }).add("worker", TestExecutors.PathTagger::new).build().start()) {
      try (Client c = client(f, alice)) {
        c.scale("worker", 2).join();
        assertEquals(2, f.status().pod("worker").ready());
      }
      try (Client c = client(f, ADMIN_TOKEN)) {
        FlowException e = refused(x -> x.index(docs()), c);
        assertEquals(Status.Code.UNAUTHENTICATED, e.code());
        assertTrue(e.getMessage().contains("only alice may call"), e.getMessage());
      }
      assertEquals(2, f.index(docs()).get(0).docs().size(), "the Flow's own calls never reach the custom authenticator");
    }
  }

  @Test
  default void foreignClientsPresentTheirTokensTheirOwnWay() throws Exception {
    assumeFalse(foreignCallers().isEmpty(), "this transport has no other clients");
    try (Flow f = withTokens().add("worker", TestExecutors.PathTagger::new).build().start()) {
      GatewayAddress a = f.async().gatewayAddress();
      List<String> wrong = new ArrayList<>();
      for (Map.Entry<String, ForeignCaller> e : foreignCallers().entrySet()) {
        ForeignCaller caller = e.getValue();
        expect(wrong, e.getKey() + " without a token", Status.Code.UNAUTHENTICATED, caller.send(a, null, false));
        expect(wrong, e.getKey() + " with a wrong token", Status.Code.UNAUTHENTICATED, caller.send(a, WRONG_TOKEN, false));
        expect(wrong, e.getKey() + " sending data with a data token", Status.Code.SUCCESS, caller.send(a, DATA_TOKEN, false));
        expect(wrong, e.getKey() + " sending control with a data token", Status.Code.PERMISSION_DENIED, caller.send(a, DATA_TOKEN, true));
        expect(wrong, e.getKey() + " sending control with an admin token", Status.Code.SUCCESS, caller.send(a, ADMIN_TOKEN, true));
      }
      assertEquals(List.of(), wrong);
    }
  }

  private static void expect(List<String> wrong, String what, Status.Code expected, Status.Code got) {
    if (expected != got) {
      wrong.add(what + ": expected " + expected + ", got " + got);
    }
  }
}
