package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Secret;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Authenticator;
import dev.jflow.api.spi.BearerTokens;
import dev.jflow.api.spi.Caller;
import dev.jflow.api.spi.Credentials;
import dev.jflow.api.spi.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens in Flow YAML are named by where they are read from, never written out. */
class FlowYamlAuthTest {
  private static final String ADMIN = "yaml-admin-token-0123456789";

  @Test
  void authReadsTokenFilesRelativeToTheYamlAndWritesBackWhereTheyComeFrom(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("admin.tokens"), "# ops\n" + ADMIN + "\n");
    Files.writeString(dir.resolve("flow.yml"), String.join("\n",
        "jtype: Flow",
        "with:",
        "  auth:",
        "    admin_tokens_file: admin.tokens",
        "pods:",
        "  - name: remote",
        "    uses: grpc://10.0.0.7:5555",
        "    token_env: POD_TOKEN",
        ""));
    FlowSpec spec = FlowYaml.load(dir.resolve("flow.yml"));
    Authenticator auth = spec.gateway().authenticator();
    assertTrue(auth instanceof BearerTokens, auth.toString());
    assertEquals(Secret.fromFile(dir.resolve("admin.tokens")), ((BearerTokens) auth).adminTokens().orElseThrow());
    assertTrue(auth.authenticate(Credentials.bearer(ADMIN)).has(Role.ADMIN));
    assertEquals(Caller.anonymous(), auth.authenticate(Credentials.none()), "no data tokens: data stays open");
    assertEquals(Secret.fromEnv("POD_TOKEN"), spec.pods().get(0).token());

    String written = FlowYaml.dump(spec);
    assertFalse(written.contains(ADMIN), written);
    assertTrue(written.contains("admin_tokens_file: " + dir.resolve("admin.tokens")) && written.contains("token_env: POD_TOKEN"), written);
    assertEquals(spec, FlowYaml.parse(written, "written.yml", null), "what is written reads back the same");
  }

  @Test
  void badAuthIsReportedWithItsLineAndNeverQuotesAToken(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("data.tokens"), "short-token\n");
    FlowException bad = assertThrows(FlowException.class, () -> FlowYaml.parse(String.join("\n",
        "jtype: Flow",
        "with:",
        "  auth:",
        "    data_tokens_file: data.tokens",
        "pods: [{name: a}]",
        ""), "flow.yml", dir));
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.code());
    assertTrue(bad.status().description().startsWith("flow.yml line 4: 'auth': invalid bearer tokens in file ")
        && bad.getMessage().contains("token 1 has 11 characters"), bad.getMessage());
    assertFalse(bad.getMessage().contains("short-token"), bad.getMessage());
    FlowException both = assertThrows(FlowException.class, () -> FlowYaml.parse(String.join("\n",
        "jtype: Flow",
        "with:",
        "  auth: {admin_tokens_file: a, admin_tokens_env: B}",
        "pods: [{name: a}]",
        ""), "flow.yml", dir));
    assertTrue(both.getMessage().contains("set either 'admin_tokens_file' or 'admin_tokens_env', not both"), both.getMessage());
    FlowException unknown = assertThrows(FlowException.class, () -> FlowYaml.parse(String.join("\n",
        "jtype: Flow",
        "with:",
        "  auth: {admin_tokens: " + ADMIN + "}",
        "pods: [{name: a}]",
        ""), "flow.yml", dir));
    assertTrue(unknown.getMessage().contains("unknown key 'admin_tokens'"), "tokens themselves never go in YAML: " + unknown.getMessage());
  }

  @Test
  void secretsSetInCodeAndCustomAuthenticatorsCannotBeWritten() {
    FlowSpec inline = dev.jflow.api.Flow.builder().add(PodSpec.builder("r").uses("grpc://h:1").token("pod-token-0123456789").build()).spec();
    FlowException e = assertThrows(FlowException.class, () -> FlowYaml.dump(inline));
    assertTrue(e.getMessage().contains("a secret set in code, which a YAML file must not hold"), e.getMessage());
    FlowSpec custom = dev.jflow.api.Flow.builder().add("a").authenticator(c -> Caller.anonymous()).spec();
    FlowException c = assertThrows(FlowException.class, () -> FlowYaml.dump(custom));
    assertTrue(c.getMessage().contains("is made by Java code, which YAML cannot hold"), c.getMessage());
  }
}
