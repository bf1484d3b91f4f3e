package dev.jflow.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** TEMPORARY: compose-flow.yml exported by hand to the contract of jflow export compose, until it lands. */
final class InterimExport {
  private InterimExport() {}

  static void write(Path dir, String image, int port) throws IOException {
    String health = "    healthcheck:\n      test: [\"CMD\", \"/jre/bin/java\", \"-XX:+UseSerialGC\", \"-XX:TieredStopAtLevel=1\", \"-Xmx64m\","
        + " \"-XX:-UsePerfData\", \"-cp\", \"/app/jflow.jar:/app/lib/*\", \"dev.jflow.cli.Main\", \"ping\", \"--port-expose\", \"%s\"]\n"
        + "      interval: 10s\n      timeout: 10s\n      retries: 3\n      start_period: 30s\n";
    StringBuilder b = new StringBuilder("version: '3.8'\nservices:\n");
    pod(b, "encoder", "encoder", "HashingTextEncoder", "{\"dim\":128}", 2, image, health);
    pod(b, "indexer-shard-0", "indexer", "VectorIndexer", "{}", 1, image, health);
    pod(b, "indexer-shard-1", "indexer", "VectorIndexer", "{}", 1, image, health);
    b.append("  gateway:\n    image: ").append(image).append('\n')
        .append("    command: [\"flow\", \"--uses\", \"/jflow/flow.yml\", \"--port-expose\", \"").append(port)
        .append("\", \"--host\", \"0.0.0.0\"]\n")
        .append("    secrets:\n      - source: flow_yml\n        target: /jflow/flow.yml\n")
        .append("    ports:\n      - target: ").append(port).append("\n        published: ").append(port)
        .append("\n        protocol: tcp\n        mode: host\n")
        .append(String.format(health, port))
        .append("    deploy:\n      endpoint_mode: dnsrr\n")
        .append("    labels:\n      dev.jflow.flow: compose-it\n      dev.jflow.pod: gateway\n");
    b.append("secrets:\n  flow_yml:\n    file: ./flow.gateway.yml\n");
    Files.writeString(dir.resolve("docker-compose.yml"), b);
    Files.writeString(dir.resolve("flow.gateway.yml"), "jtype: Flow\nversion: '1'\nwith:\n  name: compose-it\npods:\n"
        + "  - name: encoder\n    uses: grpc://encoder:8081\n    replicas: 2\n"
        + "  - name: indexer\n    uses: grpc://indexer-shard-0:8081,grpc://indexer-shard-1:8081\n    shards: 2\n"
        + "    polling: {default: ANY, search: ALL}\n    uses_after: _merge_matches_topk\n");
  }

  private static void pod(StringBuilder b, String service, String pod, String uses, String with, int replicas, String image,
      String health) {
    b.append("  ").append(service).append(":\n    image: ").append(image).append('\n')
        .append("    command: [\"pod\", \"--name\", \"").append(pod).append("\", \"--uses\", \"").append(uses)
        .append("\", \"--port-expose\", \"8081\", \"--uses-with\", '").append(with).append("']\n")
        .append(String.format(health, 8081))
        .append("    deploy:\n      replicas: ").append(replicas).append("\n      endpoint_mode: dnsrr\n")
        .append("    labels:\n      dev.jflow.flow: compose-it\n      dev.jflow.pod: ").append(pod).append('\n');
  }
}
