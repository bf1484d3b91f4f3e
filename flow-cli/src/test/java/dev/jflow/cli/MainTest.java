package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helloIndexesTheCorpusAndFindsRelevantSentences() {
    assertEquals(0, run("hello", "--query", "the cat sleeps on the windowsill", "--top-k", "2"), err.toString());
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("indexed 42 sentences in 5 requests (0 failed)"), text);
    String afterQuery = text.substring(text.indexOf("query: the cat sleeps on the windowsill"));
    String firstMatch = afterQuery.lines().skip(1).findFirst().orElseThrow();
    assertTrue(firstMatch.contains("The cat sleeps on the warm windowsill"), afterQuery);
  }

  @Test
  void badUsageExitsWithTwoAndSaysWhy() {
    assertEquals(2, run("hello", "--top-k", "zero"));
    assertTrue(err.toString().contains("--top-k must be a positive integer, got 'zero'"), err.toString());
    assertEquals(2, run("frobnicate"));
    assertTrue(err.toString().contains("unknown command 'frobnicate'"), err.toString());
  }

  @Test
  void anUnavailableProtocolFailsWithTheRegistryMessage() {
    assertEquals(1, run("hello", "--protocol", "carrier-pigeon"));
    assertTrue(err.toString().contains("Transport \"carrier-pigeon\" is not available"), err.toString());
  }

  @Test
  void helloServesOverGrpcByDefault() {
    assertEquals(0, run("hello", "--query", "cat"), err.toString());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("gateway grpc://127.0.0.1:"), out.toString());
  }

  @Test
  void aPodServedByTheCliIsUsableAsARemotePod() {
    PodCommand cmd = new PodCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    dev.jflow.api.AsyncFlow pod = cmd.start(new String[] {"--uses", "dev.jflow.executors.HashingTextEncoder", "--name", "enc",
        "--host", "127.0.0.1", "--with", "dim=8"});
    try (dev.jflow.api.Flow f = dev.jflow.api.Flow.builder().protocol("inprocess")
        .add("remote-encoder", "grpc://127.0.0.1:" + pod.gatewayAddress().port()).build().start()) {
      dev.jflow.api.Document d = f.index(java.util.List.of(dev.jflow.api.Document.ofText("hello"))).get(0).docs().get(0);
      assertEquals(8, d.embedding().size(), "the remote pod encoded with its --with argument");
    } finally {
      pod.close();
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("jflow pod 'enc'"), out.toString());
  }

  @Test
  void podUsageErrorsExitWithTwo() {
    assertEquals(2, run("pod", "--port", "99999", "--uses", "_pass"));
    assertTrue(err.toString().contains("--port must be 0 to 65535, got '99999'"), err.toString());
    assertEquals(2, run("pod"));
    assertTrue(err.toString().contains("--uses is required"), err.toString());
  }
}
