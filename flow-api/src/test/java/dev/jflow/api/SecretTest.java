package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {
  private static final String VALUE = "s3cr3t-value-of-some-length";

  @Test
  void aSecretFromAFileIsReadWhenNeededAndNeverPrinted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Secret s = Secret.fromFile(file);
    FlowException missing = assertThrows(FlowException.class, s::read);
    assertEquals(Status.Code.NOT_FOUND, missing.code());
    assertTrue(missing.getMessage().contains(file.toAbsolutePath().toString()), missing.getMessage());
    Files.writeString(file, VALUE + "\n");
    assertEquals(VALUE + "\n", s.read(), "read as is, when needed");
    assertEquals("file " + file, s.source());
    assertEquals(file, s.file().orElseThrow());
    assertFalse(s.toString().contains(VALUE), s.toString());
  }

  @Test
  void aSecretFromAnUnsetVariableSaysWhichVariable() {
    Secret s = Secret.fromEnv("JFLOW_TEST_SURELY_UNSET_VARIABLE");
    FlowException e = assertThrows(FlowException.class, s::read);
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("the environment variable JFLOW_TEST_SURELY_UNSET_VARIABLE holds no secret: it is not set", e.status().description());
    assertEquals("JFLOW_TEST_SURELY_UNSET_VARIABLE", s.variable().orElseThrow());
  }

  @Test
  void aSecretSetInCodeIsEqualByValueButNeverShown() {
    Secret s = Secret.of(VALUE);
    assertEquals(VALUE, s.read());
    assertEquals(Secret.of(VALUE), s);
    assertEquals(Secret.of(VALUE).hashCode(), s.hashCode());
    assertNotEquals(Secret.of(VALUE + "x"), s);
    assertNotEquals(Secret.fromEnv("V"), s);
    assertEquals("Secret{a value set in code}", s.toString());
    assertTrue(s.variable().isEmpty() && s.file().isEmpty());
    assertThrows(FlowException.class, () -> Secret.of(" "));
    assertThrows(FlowException.class, () -> Secret.fromEnv(""));
  }
}
