package dev.jflow.transport.grpc;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.api.TlsConfig;
import dev.jflow.core.Flows;
import dev.jflow.core.testing.TestExecutors;
import java.nio.file.Path;

/**
 * A separate JVM serving one tagging pod over gRPC; prints "READY <port>" and serves until stdin closes.
 * With arguments {@code CERT KEY CA} it serves mutual TLS: its certificate and key, clients signed by CA.
 */
public final class RemotePodMain {
  private RemotePodMain() {}

  public static void main(String[] args) throws Exception {
    GatewayConfig gateway = GatewayConfig.defaults().withProtocol("grpc").withHost("127.0.0.1");
    if (args.length == 3) {
      gateway = gateway.toBuilder().tls(TlsConfig.server(Path.of(args[0]), Path.of(args[1])).toBuilder()
          .ca(Path.of(args[2])).clientAuth(TlsConfig.ClientAuth.REQUIRE).build()).build();
    }
    AsyncFlow pod = Flows.servePod(PodSpec.builder("remote-tagger").uses(TestExecutors.PathTagger::new).build(), gateway);
    pod.start().join();
    System.out.println("READY " + pod.gatewayAddress().port());
    System.out.flush();
    while (System.in.read() != -1) {
      // serve until the parent closes our stdin
    }
    pod.close();
  }
}
