package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Fuzzes Flow YAML loading with random and mutated YAML: only a FlowException with a message may escape. */
class FlowYamlFuzzTest {
  private static final Path NOWHERE = Path.of("target", "flow-yaml-fuzz-does-not-exist");
  private static final String[] SEEDS = {
      "jtype: Flow\nversion: '1'\nenv: {DIM: \"128\"}\nwith: {restful: false, port_expose: 45678, prefetch: 50}\npods:\n"
          + "  - name: encoder\n    uses: _pass\n    uses_with: {dim: $DIM}\n  - name: indexer\n    uses: VectorIndexer\n"
          + "    shards: 2\n    polling: {default: ANY, search: ALL}\n    uses_after: _merge_matches_topk\n    timeout: 5000\n",
      "jtype: Flow\nwith:\n  protocol: websocket\n  max_message_size: 1024\n  timeout_ready: 10\npods:\n  - name: a\n    uses: _pass\n"
          + "    replicas: 3\n    needs: gateway\n  - name: b\n    method: needs\n    needs: [a]\n    inspect: true\n",
      "jtype: Flow\npods: []\n",
      "a: &x [1, 2]\nb: *x\n",
  };
  // Includes control characters (NUL, BEL, ESC, DEL, a C1 code, a lone surrogate) that snakeyaml's reader rejects.
  private static final String TOKENS = "-:{}[],&*!|>'\"#%@`$\t\n ?0123456789abcxyz\u00e9\u0000\u0007\u001b\u007f\u0085\ud800\r";

  @Property(tries = 300)
  void randomYamlLoadsOrFailsWithAFlowException(@ForAll long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(120);
    for (int i = 0; i < n; i++) {
      b.append(TOKENS.charAt(r.nextInt(TOKENS.length())));
    }
    load(b.toString());
  }

  @Property(tries = 300)
  void mutatedYamlLoadsOrFailsWithAFlowException(@ForAll long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder(SEEDS[r.nextInt(SEEDS.length)]);
    int n = 1 + r.nextInt(6);
    for (int i = 0; i < n; i++) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length());
      switch (r.nextInt(4)) {
        case 0:
          if (b.length() > 0) {
            b.deleteCharAt(at);
          }
          break;
        case 1:
          b.insert(at, TOKENS.charAt(r.nextInt(TOKENS.length())));
          break;
        case 2: { // duplicate a slice: repeated keys, deeper nesting, aliases used twice
          int to = Math.min(b.length(), at + r.nextInt(40));
          b.insert(to, b.substring(at, to));
          break;
        }
        default:
          if (b.length() > 0) {
            b.setCharAt(at, TOKENS.charAt(r.nextInt(TOKENS.length())));
          }
      }
    }
    load(b.toString());
  }

  @Test
  void aTagWithSpacesAroundItIsAFlowException() { // the sample jqwik found: SnakeYAML threw IllegalArgumentException
    randomYamlLoadsOrFailsWithAFlowException(-4268L);
  }

  @Test
  void controlCharactersAreAFlowExceptionNamingThePosition() {
    FlowException e = invalid("jtype: Flow\u0000\n");
    assertTrue(e.getMessage().contains("fuzz.yml"), e.getMessage());
    assertTrue(e.getMessage().contains("position 11"), e.getMessage());
    assertTrue(e.getMessage().contains("U+0000"), e.getMessage());
  }

  @Test
  void tooManyCollectionAliasesAreRefused() { // billion laughs: each level repeats the one before
    StringBuilder b = new StringBuilder("jtype: Flow\npods:\n  - name: a\n    uses: _pass\n    uses_with:\n      l0: &l0 [x, x]\n");
    for (int i = 1; i < 30; i++) {
      b.append("      l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
    }
    assertTrue(invalid(b.toString()).getMessage().contains("alias"));
  }

  @Test
  void aliasesThatExpandTooFarAreRefused() { // within the alias count, but 2^7 copies of a 1000-item list
    StringBuilder b = new StringBuilder("jtype: Flow\npods:\n  - name: a\n    uses: _pass\n    uses_with:\n      l0: &l0 [");
    for (int i = 0; i < 1000; i++) {
      b.append(i == 0 ? "" : ", ").append(i);
    }
    b.append("]\n");
    for (int i = 1; i <= 7; i++) {
      b.append("      l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
    }
    assertTrue(invalid(b.toString()).getMessage().contains("expands"), "expansion guard");
  }

  @Test
  void aRecursiveAliasIsAFlowException() {
    invalid("jtype: Flow\npods:\n  - name: a\n    uses: _pass\n    uses_with: {loop: &x [*x]}\n");
    invalid("jtype: Flow\npods: &p [*p]\n");
  }

  @Test
  void deepNestingIsAFlowExceptionNotAStackOverflow() {
    invalid("jtype: Flow\npods: " + "[".repeat(100_000) + "\n");
    invalid("jtype: Flow\npods: " + "{a: ".repeat(10_000) + "\n");
    invalid("jtype: Flow\npods:\n" + "- ".repeat(10_000) + "x\n");
  }

  @Test
  void aHugeDocumentIsRefused() {
    FlowException e = invalid("jtype: Flow\n# " + "x".repeat(2 * 1024 * 1024) + "\npods: []\n");
    assertTrue(e.getMessage().contains("fuzz.yml"), e.getMessage());
  }

  @Test
  void composerErrorsNameTheLine() {
    assertTrue(invalid("jtype: Flow\npods: *nowhere\n").getMessage().contains("line 2"));
    invalid("jtype: Flow\n---\npods: []\n"); // two documents
    invalid("jtype: Flow\npods: !!binary '@@'\n");
  }

  private static FlowException invalid(String yaml) {
    FlowException e = assertThrows(FlowException.class, () -> FlowYaml.parse(yaml, "fuzz.yml", NOWHERE));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.status().code(), e.getMessage());
    assertFalse(e.status().description().isBlank());
    return e;
  }

  private static void load(String yaml) {
    try {
      FlowYaml.parse(yaml, "fuzz.yml", NOWHERE);
    } catch (FlowException e) {
      assertFalse(e.status().description().isBlank(), "a FlowException without a description: " + e);
    }
  }
}
