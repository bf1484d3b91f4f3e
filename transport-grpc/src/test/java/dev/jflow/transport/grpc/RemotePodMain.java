package dev.jflow.transport.grpc;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.GatewayConfig;
import dev.jflow.api.PodSpec;
import dev.jflow.core.Flows;
import dev.jflow.core.testing.TestExecutors;

/** A separate JVM serving one tagging pod over gRPC; prints "READY <port>" and serves until stdin closes. */
public final class RemotePodMain {
  private RemotePodMain() {}

  public static void main(String[] args) throws Exception {
    AsyncFlow pod = Flows.servePod(PodSpec.builder("remote-tagger").uses(TestExecutors.PathTagger::new).build(),
        GatewayConfig.defaults().withProtocol("grpc").withHost("127.0.0.1"));
    pod.start().join();
    System.out.println("READY " + pod.gatewayAddress().port());
    System.out.flush();
    while (System.in.read() != -1) {
      // serve until the parent closes our stdin
    }
    pod.close();
  }
}
