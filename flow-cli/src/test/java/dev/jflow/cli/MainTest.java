package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helloIndexesSearchesAndWritesAReport(@TempDir Path dir) throws Exception {
    assertEquals(0, run("hello", "--query", "the cat sleeps on the windowsill", "--top-k", "2", "--output", dir.toString()), err.toString());
    String text = out.toString();
    assertTrue(text.contains("indexed 42 sentences in 5 requests (0 failed)"), text);
    assertTrue(text.contains("gateway grpc://127.0.0.1:"), "hello serves over gRPC by default: " + text);
    String afterQuery = text.substring(text.indexOf("query: the cat sleeps on the windowsill"));
    assertTrue(afterQuery.lines().skip(1).findFirst().orElseThrow().contains("The cat sleeps on the warm windowsill"), afterQuery);
    String html = Files.readString(dir.resolve("index.html"));
    assertTrue(html.contains("<svg") && html.contains("indexer") && html.contains("The cat sleeps on the warm windowsill"), html);
  }

  @Test
  void badUsageExitsWithTwoAndSaysWhy() {
    assertEquals(2, run("hello", "--top-k", "zero"));
    assertTrue(err.toString().contains("--top-k"), err.toString());
    assertEquals(2, run("frobnicate"));
    assertTrue(err.toString().contains("frobnicate"), err.toString());
    assertEquals(2, run("pod"));
    assertTrue(err.toString().contains("--uses"), err.toString());
  }

  @Test
  void anUnavailableProtocolFailsWithTheRegistryMessage() {
    assertEquals(1, run("hello", "--protocol", "carrier-pigeon", "--output", "target/hello-pigeon"));
    assertTrue(err.toString().contains("Transport \"carrier-pigeon\" is not available"), err.toString());
  }

  @Test
  void versionAndHelp() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("jflow "), out.toString());
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("client") && out.toString().contains("ping"), out.toString());
  }
}
