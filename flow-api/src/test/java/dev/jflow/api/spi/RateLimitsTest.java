package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.testing.HeldHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The per-caller token buckets, on a clock the test moves: rate, burst, refill, who is counted and the bound. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RateLimitsTest {
  private static final long MS = 1_000_000L;
  private long now = 1_000 * MS;
  private static final Caller ALICE = Caller.of("data-token:alice", Role.DATA);
  private static final Caller BOB = Caller.of("data-token:bob", Role.DATA);

  private RateLimits limits(int rate, int burst, int maxCallers) {
    return new RateLimits(rate, burst, maxCallers, () -> now);
  }

  private static Request request(String id) {
    return Request.builder(RequestType.INDEX).id(id).build();
  }

  @Test
  void aCallerMaySendItsBurstAtOnceThenOneRequestPerShareOfASecond() {
    RateLimits.CallLimit alice = limits(2, 2, 10).forCall(ALICE);
    assertNull(alice.refusal(request("1")));
    assertNull(alice.refusal(request("2")));
    FlowException e = alice.refusal(request("3"));
    assertNotNull(e, "the third quick request is over the rate");
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertEquals("maxRequestsPerSecond=2 reached by caller 'data-token:alice': slow down, or retry after 500 ms "
        + "(burst 2; request '3' was refused)", e.status().description());
    now += 200 * MS;
    assertTrue(alice.refusal(request("4")).getMessage().contains("retry after 300 ms"), "a refused request uses nothing");
    now += 300 * MS;
    assertNull(alice.refusal(request("5")), "one request's share of a second refilled one");
    assertNotNull(alice.refusal(request("6")));
    now += 10_000 * MS;
    assertNull(alice.refusal(request("7")));
    assertNull(alice.refusal(request("8")));
    assertNotNull(alice.refusal(request("9")), "a long pause refills the burst, never more");
  }

  @Test
  void aBurstLargerThanTheRateLetsAQuietCallerSendMoreAtOnce() {
    RateLimits.CallLimit alice = limits(1, 5, 10).forCall(ALICE);
    for (int i = 0; i < 5; i++) {
      assertNull(alice.refusal(request("r" + i)));
    }
    assertTrue(alice.refusal(request("r5")).getMessage().contains("retry after 1000 ms"));
  }

  @Test
  void aNamedCallerIsOneAcrossItsCallsAndCallersDoNotShare() {
    RateLimits l = limits(1, 1, 10);
    assertNull(l.forCall(ALICE).refusal(request("a")));
    assertNotNull(l.forCall(ALICE).refusal(request("b")), "a second call of the same token shares its bucket");
    assertNull(l.forCall(BOB).refusal(request("c")), "another token has its own");
  }

  @Test
  void anonymousCallersAreCountedPerCallAndExemptCallersAndOffLimitsNever() {
    RateLimits l = limits(1, 1, 10);
    RateLimits.CallLimit first = l.forCall(Caller.anonymous());
    assertNull(first.refusal(request("a")));
    assertNotNull(first.refusal(request("b")), "one anonymous call is held to the rate");
    assertNull(l.forCall(Caller.anonymous()).refusal(request("c")), "another anonymous call is not held back by the first");
    assertEquals(0, l.callers(), "anonymous calls keep no bucket in the gateway");
    RateLimits.CallLimit flow = l.forCall(Caller.of("flow:f", Role.ADMIN, Role.DATA).unlimited());
    RateLimits.CallLimit off = limits(0, 0, 10).forCall(ALICE);
    for (int i = 0; i < 100; i++) {
      assertNull(flow.refusal(request("f" + i)), "the Flow's own calls are never limited");
      assertNull(off.refusal(request("o" + i)), "rate 0 is no limit");
    }
    assertTrue(Caller.anonymous().unlimited().isRateLimited(), "the anonymous caller cannot be exempted");
  }

  @Test
  void manyDistinctCallersCannotGrowTheBucketsPastTheBound() {
    RateLimits l = limits(1, 1, 100);
    for (int i = 0; i < 1_000; i++) {
      assertNull(l.forCall(Caller.of("data-token:" + i, Role.DATA)).refusal(request("r")), "a new caller has its burst");
      assertTrue(l.callers() <= 100, "bounded: " + l.callers());
    }
    now += 2_000 * MS; // all refilled: idle buckets are dropped first
    RateLimits.CallLimit late = l.forCall(Caller.of("data-token:late", Role.DATA));
    assertNull(late.refusal(request("r")));
    assertEquals(1, l.callers(), "every refilled bucket was dropped, the new one kept");
    assertNotNull(late.refusal(request("r2")), "the kept bucket still counts");
  }

  @Test
  void theAdmissionFailsTheCallOverTheRateWithResourceExhaustedAndServesAnotherCaller() throws Exception {
    HeldHandler flow = new HeldHandler();
    Authenticator tokens = c -> Caller.of("data-token:" + c.bearerToken().orElseThrow(), Role.DATA);
    Admission admission = Admission.of(GatewayConfig.builder().maxRequestsPerSecond(1).burst(1).authenticator(tokens).build(), flow);
    AdmissionTest.Recorded sink = new AdmissionTest.Recorded();
    AdmittedCall call = admission.open(sink, null, Credentials.bearer("alice"));
    call.offer(request("ok"), 10);
    call.offer(request("fast"), 10);
    FlowException e = sink.ended.get(5, TimeUnit.SECONDS);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.code());
    assertTrue(e.getMessage().contains("maxRequestsPerSecond=1 reached by caller 'data-token:alice'"), e.getMessage());
    assertEquals(List.of("ok"), flow.requests().stream().map(Request::id).toList(), "the request over the rate never ran");
    AdmissionTest.Recorded other = new AdmissionTest.Recorded();
    admission.open(other, null, Credentials.bearer("bob")).offer(request("bob"), 10);
    assertEquals(List.of("ok", "bob"), flow.requests().stream().map(Request::id).toList(), "another caller is served");
  }
}
