package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jflow.api.JsonMap;
import dev.jflow.api.PodSpec;
import dev.jflow.api.spi.ExecutorContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerRequestsTest {

  @Test
  void eachShardsContainerServesItsOwnShard() {
    PodSpec pod = PodSpec.builder("index").uses("docker://jflow:1").shards(3).build();
    for (int shard = 0; shard < 3; shard++) {
      List<String> command = ContainerRequests.command(pod, new ExecutorContext("index", shard, 0, new JsonMap()));
      assertEquals(List.of("pod", "--name", "index", "--port-expose", "8081", "--shard-id", String.valueOf(shard)), command);
    }
  }

  @Test
  void aOneShardPodAndItsHeadNameNoShard() {
    PodSpec one = PodSpec.builder("enc").uses("docker://jflow:1").build();
    assertEquals(List.of("pod", "--name", "enc", "--port-expose", "8081"),
        ContainerRequests.command(one, new ExecutorContext("enc", 0, 1, new JsonMap())));
    PodSpec sharded = PodSpec.builder("index").uses("docker://jflow:1").shards(2).build();
    assertEquals(List.of("pod", "--name", "index", "--port-expose", "8081"),
        ContainerRequests.command(sharded, new ExecutorContext("index", -1, 0, new JsonMap())), "a head serves no shard");
  }

  @Test
  void noContainerIsToldToBatchTheFlowBatchesBeforeSending() {
    PodSpec pod = PodSpec.builder("enc").uses("docker://jflow:1").usesBefore("docker://jflow:1")
        .dynamicBatching(dev.jflow.api.DynamicBatching.builder().preferredBatchSize(32).timeout(java.time.Duration.ofMillis(5)).build())
        .build();
    assertEquals(List.of("pod", "--name", "enc", "--port-expose", "8081"),
        ContainerRequests.command(pod, new ExecutorContext("enc", 0, 0, new JsonMap())),
        "the Flow hands a container one request at a time: a batcher there would never see two waiting");
    assertEquals(List.of("pod", "--name", "enc", "--port-expose", "8081"),
        ContainerRequests.command(pod, new ExecutorContext("enc", -1, 0, new JsonMap())), "a head runs alone");
  }

  @Test
  void aOneShardPodServingAShardOfAPodShardedElsewherePassesItOn() {
    PodSpec part = PodSpec.builder("index").uses("docker://jflow:1").shardId(2).build();
    assertEquals(List.of("pod", "--name", "index", "--port-expose", "8081", "--shard-id", "2"),
        ContainerRequests.command(part, new ExecutorContext("index", 2, 0, new JsonMap())));
  }
}
