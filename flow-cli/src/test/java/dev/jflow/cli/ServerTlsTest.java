package dev.jflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.TlsConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the serving commands' TLS options combine with a Flow YAML's {@code tls:}. */
class ServerTlsTest {
  @CommandLine.Command(name = "serve")
  static final class Serve {
    @CommandLine.Mixin
    ServerTls tls;
  }

  private static TlsConfig parse(TlsConfig yaml, String... args) {
    Serve s = new Serve();
    CommandLine line = new CommandLine(s);
    line.parseArgs(args);
    return s.tls.config(line, yaml);
  }

  private static final TlsConfig YAML = TlsConfig.server(Path.of("yaml.crt"), Path.of("yaml.key"));

  @Test
  void noOptionsKeepTheYamlsTls() {
    assertSame(YAML, parse(YAML));
    assertNull(parse(null));
  }

  @Test
  void optionsReplaceWhatTheyName() {
    TlsConfig mutual = parse(YAML, "--tls-ca", "clients.pem", "--tls-client-auth", "REQUIRE");
    assertEquals(Path.of("yaml.crt"), mutual.certificate(), "the YAML's certificate stays");
    assertEquals(Path.of("clients.pem"), mutual.ca());
    assertEquals(TlsConfig.ClientAuth.REQUIRE, mutual.clientAuth());
    TlsConfig keyStore = parse(YAML, "--tls-keystore", "gw.p12", "--tls-keystore-password-env", "PW");
    assertNull(keyStore.certificate(), "key material from the command line replaces the YAML's");
    assertEquals(Path.of("gw.p12"), keyStore.keyStore());
    assertEquals("PW", keyStore.keyStorePasswordEnv());
  }

  @Test
  void aClientAuthWithoutACertificateIsBadUsage() {
    CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
        () -> parse(null, "--tls-ca", "clients.pem", "--tls-client-auth", "require"));
    assertTrue(e.getMessage().contains("TLS needs the gateway's certificate"), e.getMessage());
  }
}
