package dev.jflow.proto.archfixture;

/** Classes that count as flow-proto's for the architecture rules; test code only. */
public final class ProtoFixtures {
  private ProtoFixtures() {}

  /** Breaks "flow-proto does not import flow-core". */
  public static final class ImportsCore {
    Object load(java.nio.file.Path file) {
      return dev.jflow.core.FlowYaml.load(file);
    }
  }

  /** Breaks "flow-proto does not import a transport". */
  public static final class ImportsATransport {
    dev.jflow.transport.websocket.WebSocketTransportProvider provider;
  }
}
