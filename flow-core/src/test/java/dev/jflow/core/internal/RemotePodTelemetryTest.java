package dev.jflow.core.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.GatewayAddress;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.core.testing.RecordingTelemetry;
import dev.jflow.core.testing.RecordingTelemetry.Span;
import dev.jflow.core.testing.TestExecutors;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Flow using a pod served by another Flow: one trace across both, and the connection's meters. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemotePodTelemetryTest {
  private final RecordingTelemetry near = RecordingTelemetry.create();
  private final RecordingTelemetry far = RecordingTelemetry.create();

  @Test
  void theRemoteFlowsRequestSpanIsAChildOfTheLocalHopAndTheConnectionIsMetered() {
    try (Flow remote = Flow.builder().name("far").protocol("inprocess").telemetry(far).add("tagger", TestExecutors.PathTagger::new)
        .build().start()) {
      GatewayAddress gateway = remote.async().gatewayAddresses().get(0);
      // the in-process transport finds its gateway by name; the port is not used but must be valid
      String address = "inprocess://" + gateway.host() + ":1";
      try (Flow local = Flow.builder().name("near").telemetry(near).add("remote", address).build().start()) {
        Response r = local.index(List.of(Document.ofText("x"))).get(0);
        assertEquals(Status.Code.SUCCESS, r.status().code());
        assertEquals(List.of("tagger"), r.docs().get(0).tags().get("path"), "the remote pod did the work");

        Span hop = near.spans("jflow.pod remote").get(0);
        await().atMost(10, TimeUnit.SECONDS).until(() -> far.spans("jflow.request index").size() == 1);
        Span remoteRequest = far.spans("jflow.request index").get(0);
        assertEquals(hop.context(), remoteRequest.parentContext(), "the hop's context travelled with the call");
        Span root = hop.parent();
        assertEquals(root.context().traceId(), remoteRequest.context().traceId(), "one trace across both Flows");
        await().atMost(10, TimeUnit.SECONDS).until(() -> far.spans("jflow.pod tagger").stream().allMatch(Span::isEnded)
            && !far.spans("jflow.pod tagger").isEmpty());
        assertEquals(remoteRequest, far.spans("jflow.pod tagger").get(0).parent());
        assertTrue(far.spans().stream().noneMatch(s -> s.name().equals("jflow.request control")),
            "the readiness probes start no traces");

        RecordingTelemetry.Remote meters = near.remotes().get(0);
        assertEquals("near", meters.flow());
        assertEquals("remote", meters.pod());
        assertEquals(address, meters.address());
        assertEquals("ready true", meters.events().get(0));
        assertEquals(List.of(Status.Code.SUCCESS), meters.rpcs());
        assertTrue(meters.rpcNanos() > 0);
        assertEquals(List.of(Status.Code.SUCCESS),
            near.finished("remote").stream().map(RecordingTelemetry.Finished::code).collect(Collectors.toList()));
      }
      assertEquals("closed", near.remotes().get(0).events().get(near.remotes().get(0).events().size() - 1));
    }
  }
}
