package dev.jflow.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tls:} keys of Flow YAML: the gateway's under {@code with}, a remote pod's on the pod. */
class FlowYamlTlsTest {

  @Test
  void readsTheGatewaysAndARemotePodsTlsWithPathsRelativeToTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("flow.yml"), String.join("\n",
        "jtype: Flow",
        "with:",
        "  protocol: grpc",
        "  tls:",
        "    certificate: certs/gateway.crt",
        "    private_key: certs/gateway.key",
        "    ca: /etc/jflow/clients-ca.pem",
        "    client_auth: require",
        "pods:",
        "  - name: remote",
        "    host: pods.example:8443",
        "    tls: {ca: certs/ca.pem, certificate: certs/flow.crt, private_key: certs/flow.key}",
        ""));
    FlowSpec spec = FlowYaml.load(file);
    TlsConfig gateway = spec.gateway().tls();
    assertEquals(dir.resolve("certs/gateway.crt"), gateway.certificate());
    assertEquals(dir.resolve("certs/gateway.key"), gateway.privateKey());
    assertEquals(Path.of("/etc/jflow/clients-ca.pem"), gateway.ca(), "absolute paths stay as written");
    assertEquals(TlsConfig.ClientAuth.REQUIRE, gateway.clientAuth());
    TlsConfig pod = spec.pods().get(0).tls();
    assertEquals(dir.resolve("certs/ca.pem"), pod.ca());
    assertEquals(dir.resolve("certs/flow.crt"), pod.certificate());
    assertEquals(TlsConfig.ClientAuth.NONE, pod.clientAuth());

    assertEquals(spec, FlowYaml.parse(FlowYaml.dump(spec), "dumped.yml", dir), "dump reads back equal");
  }

  @Test
  void aKeyStoreTakesItsPasswordFromAnEnvironmentVariable() {
    FlowSpec spec = FlowYaml.parse("jtype: Flow\nwith:\n  tls:\n    key_store: /k/gateway.p12\n    key_store_password_env: GATEWAY_PW\n"
        + "pods:\n  - name: p\n", "flow.yml", null);
    assertEquals(Path.of("/k/gateway.p12"), spec.gateway().tls().keyStore());
    assertEquals("GATEWAY_PW", spec.gateway().tls().keyStorePasswordEnv());
    assertNull(spec.gateway().tls().keyStorePasswordFile());
    assertTrue(FlowYaml.dump(spec).contains("key_store_password_env: GATEWAY_PW"));
  }

  @Test
  void mistakesNameTheLine() {
    FlowException choice = assertThrows(FlowException.class, () -> FlowYaml.parse(
        "jtype: Flow\nwith:\n  tls:\n    certificate: a.crt\n    private_key: a.key\n    client_auth: always\npods:\n  - name: p\n", "flow.yml", null));
    assertTrue(choice.getMessage().contains("flow.yml line 6") && choice.getMessage().contains("[NONE, OPTIONAL, REQUIRE]"), choice.getMessage());
    FlowException noCa = assertThrows(FlowException.class, () -> FlowYaml.parse(
        "jtype: Flow\nwith:\n  tls:\n    certificate: a.crt\n    private_key: a.key\n    client_auth: require\npods:\n  - name: p\n", "flow.yml", null));
    assertTrue(noCa.getMessage().contains("flow.yml line 4") && noCa.getMessage().contains("needs ca"), noCa.getMessage());
    FlowException unknown = assertThrows(FlowException.class, () -> FlowYaml.parse(
        "jtype: Flow\nwith:\n  tls:\n    cert: a.crt\npods:\n  - name: p\n", "flow.yml", null));
    assertTrue(unknown.getMessage().contains("unknown key 'cert'"), unknown.getMessage());
    FlowException local = assertThrows(FlowException.class, () -> FlowYaml.parse(
        "jtype: Flow\npods:\n  - name: p\n    tls: {ca: ca.pem}\n", "flow.yml", null));
    assertTrue(local.getMessage().contains("tls is for remote pods"), local.getMessage());
  }

  @Test
  void aTrustManagerObjectCannotBeDumped() {
    javax.net.ssl.X509TrustManager any = new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

      @Override
      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    };
    FlowSpec spec = Flow.builder().add(dev.jflow.api.PodSpec.builder("r").host("h:1")
        .tls(TlsConfig.builder().trustManager(any).build()).build()).spec();
    FlowException e = assertThrows(FlowException.class, () -> FlowYaml.dump(spec));
    assertTrue(e.getMessage().contains("pod 'r' trusts through a TrustManager object"), e.getMessage());
  }
}
