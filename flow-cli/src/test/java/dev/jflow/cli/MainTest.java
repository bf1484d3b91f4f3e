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
}
