package dev.jflow.cli;

import static dev.jflow.cli.CliRun.jflow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportUsageTest {
  private static Path flow(Path dir, String yaml) throws Exception {
    Path f = dir.resolve("flow.yml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void anUnknownOrMissingFormIsAUsageErrorNamingTheForms(@TempDir Path dir) throws Exception {
    String f = flow(dir, "jtype: Flow\npods:\n  - name: a\n").toString();
    CliRun unknown = jflow("export", "swarm", f);
    assertEquals(2, unknown.status());
    assertTrue(unknown.err().contains("unknown export form 'swarm'; supported: mermaid, compose, kubernetes"), unknown.err());
    CliRun none = jflow("export");
    assertEquals(2, none.status());
    assertTrue(none.err().contains("an export form is required"), none.err());
  }

  @Test
  void aMissingFileABadPortOrNamespaceAndAMissingDirectoryAreUsageErrors(@TempDir Path dir) throws Exception {
    String f = flow(dir, "jtype: Flow\npods:\n  - name: encoder\n    uses: HashingTextEncoder\n").toString();
    String missing = dir.resolve("nope.yml").toString();
    for (String form : new String[] {"compose", "kubernetes", "mermaid"}) {
      CliRun run = form.equals("kubernetes") ? jflow("export", form, missing, dir.resolve("k").toString()) : jflow("export", form, missing);
      assertEquals(2, run.status(), form);
      assertTrue(run.err().contains("no Flow YAML at " + missing), run.err());
    }
    CliRun port = jflow("export", "compose", f, "--out", dir.toString(), "--port", "70000");
    assertEquals(2, port.status());
    assertTrue(port.err().contains("--port must be 1 to 65535, got 70000"), port.err());
    CliRun ns = jflow("export", "kubernetes", f, dir.resolve("k").toString(), "--namespace", "Search_Prod");
    assertEquals(2, ns.status());
    assertTrue(ns.err().contains("--namespace must be a DNS label"), ns.err());
    CliRun noDir = jflow("export", "kubernetes", f);
    assertEquals(2, noDir.status());
    assertTrue(noDir.err().contains("DIR"), noDir.err());
    assertFalse(Files.exists(dir.resolve("k")), "nothing written after a usage error");
  }

  @Test
  void aFlowThatCannotBeExportedFailsSayingWhy(@TempDir Path dir) throws Exception {
    String f = flow(dir, "jtype: Flow\npods:\n  - name: Enc_1\n    uses: HashingTextEncoder\n"
        + "  - name: enc-1\n    uses: HashingTextEncoder\n").toString();
    CliRun run = jflow("export", "compose", f, "--out", dir.resolve("out").toString());
    assertEquals(1, run.status());
    assertTrue(run.err().contains("pod 'Enc_1' and pod 'enc-1' both become the service name 'enc-1'"), run.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }
}
