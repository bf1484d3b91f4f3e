package dev.jflow.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.api.testing.HeldHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admission's rules seen from a push transport, with a Flow whose answers the test releases. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdmissionTest {

  /** What a transport would have written. */
  static final class Recorded implements CallSink {
    final List<String> sent = new ArrayList<>();
    final CompletableFuture<FlowException> ended = new CompletableFuture<>(); // null: completed normally

    @Override
    public synchronized void send(Request request, Response response) {
      sent.add(response.requestId());
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

  private static Request request(String id) {
    return Request.builder(RequestType.INDEX).id(id).build();
  }

  @Test
  void requestsWaitingBeyondPrefetchWhenTheDrainStartsAreStillRunAndAnswered() throws Exception {
    HeldHandler flow = new HeldHandler();
    Admission admission = Admission.of(GatewayConfig.builder().prefetch(1).build(), flow);
    Recorded sink = new Recorded();
    AdmittedCall call = admission.open(sink, null);
    call.offer(request("a"), 10);
    call.offer(request("b"), 10); // waits for a's slot
    call.halfClose();
    CompletableFuture<Void> drained = admission.drain();
    flow.answer("a");
    flow.answer("b");
    assertNull(sink.ended.get(5, TimeUnit.SECONDS), "the call completes normally");
    assertEquals(List.of("a", "b"), sink.sent);
    drained.get(5, TimeUnit.SECONDS);
    assertEquals(0, admission.heldBytes());
  }

  @Test
  void aCallWithARequestRefusedByTheDrainFailsWithUnavailableEvenWhenItsInputEnded() throws Exception {
    HeldHandler flow = new HeldHandler();
    Admission admission = Admission.of(GatewayConfig.builder().build(), flow);
    Recorded sink = new Recorded();
    AdmittedCall call = admission.open(sink, null);
    call.offer(request("a"), 10);
    CompletableFuture<Void> drained = admission.drain();
    call.offer(request("late"), 10);
    call.halfClose();
    flow.answer("a");
    FlowException e = sink.ended.get(5, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("'late'"), e.getMessage());
    assertEquals(List.of("a"), sink.sent, "what was accepted is answered first");
    assertTrue(flow.requests().stream().noneMatch(r -> r.id().equals("late")), "the late request never ran");
    drained.get(5, TimeUnit.SECONDS);
  }

  @Test
  void theGraceCutsWhatIsStillRunningAndReportsIt() throws Exception {
    HeldHandler flow = new HeldHandler();
    Admission admission = Admission.of(GatewayConfig.builder().drainGrace(Duration.ofMillis(100)).build(), flow);
    Recorded sink = new Recorded();
    AdmittedCall call = admission.open(sink, null);
    call.offer(request("stuck"), 10);
    call.halfClose();
    Throwable cut = admission.drain().handle((v, t) -> t).get(5, TimeUnit.SECONDS);
    assertTrue(cut instanceof FlowException && ((FlowException) cut).code() == Status.Code.UNAVAILABLE, String.valueOf(cut));
    FlowException told = sink.ended.get(5, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, told.code());
    assertTrue(flow.future("stuck").isCancelled(), "the running request was abandoned");
    assertEquals(0, admission.heldBytes());
  }

  @Test
  void theGatewayBudgetIsSharedByEveryCallAndReturnedWhenAnswered() throws Exception {
    HeldHandler flow = new HeldHandler();
    Admission admission = Admission.of(GatewayConfig.builder().maxGatewayBytes(100).build(), flow);
    Recorded first = new Recorded();
    Recorded second = new Recorded();
    AdmittedCall a = admission.open(first, null);
    AdmittedCall b = admission.open(second, null);
    a.offer(request("a1"), 80);
    b.offer(request("b1"), 30);
    FlowException shed = second.ended.get(5, TimeUnit.SECONDS);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, shed.code());
    assertTrue(shed.status().description().startsWith("maxGatewayBytes=100 reached"), shed.getMessage());
    flow.answer("a1");
    a.halfClose();
    assertNull(first.ended.get(5, TimeUnit.SECONDS));
    assertEquals(0, admission.heldBytes(), "every byte is returned");
    assertEquals(0, admission.openCalls());
  }

  @Test
  void aDeadlineTooFarAwayForTheClockIsNoDeadline() throws Exception {
    HeldHandler flow = new HeldHandler();
    Admission admission = Admission.of(GatewayConfig.defaults(), flow);
    Recorded sink = new Recorded();
    AdmittedCall call = admission.open(sink, Duration.ofSeconds(Long.MAX_VALUE));
    call.offer(request("a"), 1);
    call.halfClose();
    flow.answer("a");
    assertNull(sink.ended.get(5, TimeUnit.SECONDS));
  }
}
