package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSpecTest {

  @Test
  void theBuilderStartsFromTheStatedDefaults() {
    PodSpec p = PodSpec.builder("p").build();
    assertEquals("p", p.name());
    assertEquals(ExecutorRef.named(PodSpec.PASS), p.uses());
    assertNull(p.needs(), "null needs: the pod added before");
    assertTrue(p.with().isEmpty());
    assertEquals(1, p.replicas());
    assertEquals(1, p.shards());
    assertEquals(Polling.ANY, p.polling());
    assertEquals(Map.of(), p.pollingByType());
    assertEquals(Scheduling.LOAD_BALANCE, p.scheduling());
    assertNull(p.usesBefore());
    assertNull(p.usesAfter());
    assertNull(p.onErrorStrategy(), "null: the Flow's strategy");
    assertNull(p.timeout(), "no limit");
    assertFalse(p.inspect());
    assertEquals(PodSpec.DEFAULT_MAX_QUEUE, p.maxQueue());
    assertEquals(PodSpec.DEFAULT_MAX_QUEUE_BYTES, p.maxQueueBytes());
  }

  @Test
  void toBuilderRebuildsAnEqualSpecAndChangesOnlyWhatIsSet() {
    PodSpec p = PodSpec.builder("idx").uses("_merge").needs("a", "b").with("dim", 16).replicas(3).shards(2)
        .polling(Polling.ALL).polling(RequestType.INDEX, Polling.ANY).scheduling(Scheduling.ROUND_ROBIN)
        .usesBefore("_pass").usesAfter("_merge_matches_topk").onErrorStrategy(OnErrorStrategy.THROW_EARLY)
        .timeout(Duration.ofSeconds(2)).inspect(true).maxQueue(5).maxQueueBytes(1024).build();
    PodSpec again = p.toBuilder().build();
    assertEquals(p, again);
    assertEquals(p.hashCode(), again.hashCode());
    assertEquals(p.toString(), again.toString());
    assertTrue(p.toString().contains("name=idx") && p.toString().contains("replicas=3"), p.toString());

    PodSpec wider = p.toBuilder().replicas(4).build();
    assertNotEquals(p, wider);
    assertEquals(p, wider.toBuilder().replicas(3).build());
    assertEquals(List.of("gateway"), p.withNeeds(List.of("gateway")).needs());
    assertNull(p.withNeeds(null).needs());
    assertEquals(OnErrorStrategy.IGNORE, p.withOnErrorStrategy(OnErrorStrategy.IGNORE).onErrorStrategy());
    assertEquals(Polling.ANY, p.pollingFor(RequestType.INDEX));
    assertEquals(Polling.ALL, p.pollingFor(RequestType.SEARCH));
  }

  @Test
  void aOneShardPodMayServeAShardOfAPodShardedElsewhere() {
    assertEquals(0, PodSpec.builder("p").build().shardId(), "shard 0 by default");
    PodSpec p = PodSpec.builder("p").uses("Indexer").shardId(2).build();
    assertEquals(2, p.shardId());
    assertEquals(p, p.toBuilder().build());
    assertEquals(p.hashCode(), p.toBuilder().build().hashCode());
    assertNotEquals(p, p.toBuilder().shardId(1).build());
    assertTrue(p.toString().contains("shardId=2"), p.toString());
    FlowException sharded = assertThrows(FlowException.class, () -> PodSpec.builder("p").shards(3).shardId(1).build());
    assertTrue(sharded.getMessage().contains("shardId 1") && sharded.getMessage().contains("3 shards"), sharded.getMessage());
    FlowException negative = assertThrows(FlowException.class, () -> PodSpec.builder("p").shardId(-1).build());
    assertTrue(negative.getMessage().contains("shardId must be 0 or more, got -1"), negative.getMessage());
  }

  @Test
  void theSpecCannotBeChangedThroughWhatItReturns() {
    PodSpec p = PodSpec.builder("p").needs("a").with("k", "v").build();
    p.with().put("k", "changed");
    assertEquals("v", p.with().get("k"));
    assertThrows(UnsupportedOperationException.class, () -> p.needs().add("b"));
    assertEquals(0, PodSpec.class.getConstructors().length, "no public constructor");
    assertTrue(Modifier.isFinal(PodSpec.class.getModifiers()));
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> PodSpec.builder("bad").replicas(0).shards(0).maxQueue(-1)
        .maxQueueBytes(-2).timeout(Duration.ZERO).host("remote").build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("pod 'bad': replicas must be at least 1, got 0; maxQueue must be 0 (never wait) or more, got -1;"
        + " maxQueueBytes must be 0 (never wait) or more, got -2; shards must be at least 1, got 0;"
        + " timeout must be positive, got PT0S; remote host 'remote' has no port: set portExpose(...) or write host as host:port",
        e.status().description());
  }

  @Test
  void aRemoteHostBecomesAGrpcExecutor() {
    assertEquals(ExecutorRef.named("grpc://10.0.0.1:8000"), PodSpec.builder("r").host("10.0.0.1:8000").build().uses());
    assertEquals(ExecutorRef.named("grpc://[::1]:9000"), PodSpec.builder("r").host("::1").portExpose(9000).build().uses());
  }

  @Test
  void aRemotePodMayHaveATokenThatItsStringNeverShows() {
    PodSpec p = PodSpec.builder("r").uses("grpc://10.0.0.1:8000").token("pod-token-0123456789").build();
    assertEquals(Secret.of("pod-token-0123456789"), p.token());
    assertEquals(p, p.toBuilder().build());
    assertTrue(!p.toString().contains("pod-token-0123456789") && p.toString().contains("token=Secret{"), p.toString());
    assertEquals(Secret.fromEnv("POD_TOKEN"), PodSpec.builder("r").host("h:1").token(Secret.fromEnv("POD_TOKEN")).build().token());
    FlowException local = assertThrows(FlowException.class, () -> PodSpec.builder("l").uses("VectorIndexer").token("pod-token-0123456789").build());
    assertTrue(local.getMessage().contains("a token is sent only to a remote pod"), local.getMessage());
  }
}
