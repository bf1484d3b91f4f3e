package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class ClientConfigTest {

  @Test
  void theBuilderStartsFromTheStatedDefaults() {
    ClientConfig c = ClientConfig.builder().host("localhost").build();
    assertNull(c.protocol(), "no protocol: the best available transport");
    assertEquals("localhost", c.host());
    assertEquals(0, c.port());
    assertEquals(GatewayConfig.DEFAULT_MAX_MESSAGE_SIZE, c.maxMessageSize());
    assertEquals(ClientConfig.builder().protocol("grpc").host("h").port(80).build(), ClientConfig.of("grpc", "h", 80));
  }

  @Test
  void toBuilderRebuildsAnEqualConfigAndChangesOnlyWhatIsSet() {
    ClientConfig c = ClientConfig.builder().protocol("websocket").host("h").port(8080).maxMessageSize(1024).build();
    ClientConfig again = c.toBuilder().build();
    assertEquals(c, again);
    assertEquals(c.hashCode(), again.hashCode());
    assertEquals("ClientConfig{protocol=websocket, host=h, port=8080, maxMessageSize=1024}", again.toString());
    ClientConfig bigger = c.toBuilder().maxMessageSize(2048).build();
    assertNotEquals(c, bigger);
    assertEquals(c, bigger.toBuilder().maxMessageSize(1024).build());
    assertEquals(0, ClientConfig.class.getConstructors().length, "no public constructor");
    assertTrue(Modifier.isFinal(ClientConfig.class.getModifiers()));
  }

  @Test
  void anAddressOfTheHostIsKeptBesideItsName() throws Exception {
    java.net.InetAddress ip = java.net.InetAddress.getByName("10.0.0.7");
    ClientConfig c = ClientConfig.builder().protocol("grpc").host("encoder").port(8081).address(ip).build();
    assertEquals("encoder", c.host(), "the name stays what TLS verifies");
    assertEquals(ip, c.address());
    assertEquals(c, c.toBuilder().build());
    assertNotEquals(c, c.toBuilder().address(null).build());
    assertNull(ClientConfig.of("grpc", "encoder", 8081).address(), "none by default: the host is looked up");
    assertEquals("ClientConfig{protocol=grpc, host=encoder, port=8081, maxMessageSize=67108864, address=10.0.0.7}", c.toString());
  }

  @Test
  void everyInvalidValueIsReportedAtOnce() {
    FlowException e = assertThrows(FlowException.class, () -> ClientConfig.builder().port(-1).maxMessageSize(0).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("invalid client configuration: host is required; port must be 0 to 65535, got -1;"
        + " maxMessageSize must be positive, got 0", e.status().description());
  }

  @Test
  void aTokenIsSentButNeverPrintedAndMustBeUsableInAHeader() {
    ClientConfig c = ClientConfig.builder().host("h").token("client-token-0123456789").build();
    assertEquals("client-token-0123456789", c.token());
    assertEquals(c, c.toBuilder().build());
    assertNotEquals(c, c.toBuilder().token(null).build());
    assertNull(ClientConfig.of("grpc", "h", 1).token(), "none by default");
    assertEquals("ClientConfig{protocol=null, host=h, port=0, maxMessageSize=67108864, token=<hidden>}", c.toString());
    FlowException e = assertThrows(FlowException.class, () -> ClientConfig.builder().host("h").token("line\nbreak-0123456789").build());
    assertTrue(e.getMessage().contains("the token has a character at position 5") && !e.getMessage().contains("break"), e.getMessage());
  }
}
