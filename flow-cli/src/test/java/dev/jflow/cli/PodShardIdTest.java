package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.PodSpec;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PodShardIdTest {

  private static PodCommand parsed(String... args) {
    PodCommand pod = new PodCommand();
    new CommandLine(pod).parseArgs(args);
    return pod;
  }

  @Test
  void shardIdMakesThePodServeThatShard() {
    PodSpec pod = parsed("--uses", "_pass", "--name", "index", "--shard-id", "2").podSpec();
    assertEquals(2, pod.shardId());
    assertEquals(1, pod.shards());
    assertEquals(0, parsed("--uses", "_pass").podSpec().shardId(), "shard 0 by default");
  }

  @Test
  void aNegativeShardIdIsAUsageError() {
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parsed("--uses", "_pass", "--shard-id", "-1").podSpec());
    assertTrue(e.getMessage().contains("--shard-id must be 0 or more, got -1"), e.getMessage());
  }
}
