package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.testing.HeldHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admission refuses a request whose top_k is over the gateway's maxTopK before the Flow sees it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestPolicyTest {

  private static Request search(String id, Object topK) {
    return Request.builder(RequestType.SEARCH).id(id).parameters(Map.of(Request.TOP_K, topK)).build();
  }

  @Test
  void aTopKOverTheLimitEndsTheCallWithInvalidArgumentNamingTheLimitAndNeverRuns() throws Exception {
    HeldHandler flow = new HeldHandler();
    Admission admission = Admission.of(GatewayConfig.builder().maxTopK(100).build(), flow);
    AdmissionTest.Recorded sink = new AdmissionTest.Recorded();
    AdmittedCall call = admission.open(sink, null);
    call.offer(search("ok", 100), 10);
    call.offer(search("greedy", 1_000_000), 10);
    FlowException e = sink.ended.get(5, TimeUnit.SECONDS);
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("request 'greedy' asks for top_k=1000000, over this gateway's maxTopK=100"), e.getMessage());
    assertEquals(List.of("ok"), flow.requests().stream().map(Request::id).toList(), "the greedy request never reached the Flow");
    assertEquals(0, admission.heldBytes(), "the call's bytes were returned");
  }

  @Test
  void theDefaultLimitIsTenThousandAndOnlyNumbersCount() {
    RequestPolicy p = RequestPolicy.of(GatewayConfig.defaults());
    assertNull(p.refusal(search("a", 10_000)));
    assertNull(p.refusal(Request.builder(RequestType.SEARCH).build()), "no top_k: the executor's default");
    assertNull(p.refusal(search("b", "99999999")), "executors read top_k as a number only");
    assertTrue(p.refusal(search("c", 10_001)).getMessage().contains("top_k=10001, over this gateway's maxTopK=10000"));
    assertTrue(p.refusal(search("d", Double.POSITIVE_INFINITY)).getMessage().contains("top_k=Infinity"));
  }
}
