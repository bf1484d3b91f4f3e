package dev.jflow.core.internal;

import dev.jflow.api.PodSpec;
import dev.jflow.api.spi.ContainerRequest;
import dev.jflow.api.spi.ExecutorContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container of one replica of a pod that runs in containers: the image's {@code jflow pod} serving
 * the pod's executor on {@value #PORT}, with the pod's environment, volumes and network, labels naming
 * the Flow, pod, shard and replica, and its log lines at INFO on logger {@code dev.jflow.pod.<pod>},
 * each prefixed {@code [<pod>/<replica>]}. The pod accepts data only with {@code token} (its
 * {@value #TOKENS_ENV}), unless the pod's own environment sets that variable.
 */
final class ContainerRequests {
  /** The port {@code jflow pod} serves on in the container. */
  static final int PORT = dev.jflow.core.PodCommandLine.PORT;
  static final String FLOW_LABEL = "dev.jflow.flow";
  static final String POD_LABEL = "dev.jflow.pod";
  /** The variable {@code jflow pod} reads its data tokens from. */
  static final String TOKENS_ENV = "JFLOW_DATA_TOKENS";

  private ContainerRequests() {
  }

  /**
   * The request for the replica of {@code pod} (of Flow {@code flow}, image {@code image}) that opens with
   * {@code context}, whose gateway takes data with {@code token}.
   */
  static ContainerRequest of(String flow, PodSpec pod, String image, ExecutorContext context, String token) {
    String replica = (pod.shards() > 1 && context.shard() >= 0 ? "shard-" + context.shard() + "/" : "")
        + (context.shard() < 0 ? "head-tail" : "replica-" + context.replica());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(FLOW_LABEL, flow);
    labels.put(POD_LABEL, pod.name());
    labels.put("dev.jflow.replica", replica);
    Logger log = LoggerFactory.getLogger("dev.jflow.pod." + pod.name());
    String prefix = "[" + pod.name() + "/" + replica + "] ";
    Map<String, String> env = new LinkedHashMap<>();
    if (token != null) {
      env.put(TOKENS_ENV, token);
    }
    env.putAll(pod.container().env());
    return ContainerRequest.builder(image).name(namePrefix(flow, pod.name())).command(command(pod, context))
        .env(env).volumes(pod.container().volumes()).network(pod.container().network()).port(PORT)
        .labels(labels).logs(line -> log.info("{}{}", prefix, line)).build();
  }

  /**
   * {@code jflow pod}'s arguments: the pod's name, the port, the executor when not the image's own, the replica's
   * {@code with} as JSON, the shard it serves when the pod has several (or serves one of a pod sharded elsewhere),
   * never the pod's dynamic batching: the Flow batches before sending (it hands each container one request at a
   * time, so a batcher in the container would never see two waiting).
   */
  static List<String> command(PodSpec pod, ExecutorContext context) {
    dev.jflow.core.PodCommandLine.Builder b = dev.jflow.core.PodCommandLine.builder(pod.name())
        .uses(pod.container().usesInternal()).with(context.with());
    if (context.shard() >= 0 && (pod.shards() > 1 || context.shard() > 0)) {
      b.shardId(context.shard()); // heads and tails (-1) serve no shard
    }
    return b.build().args();
  }

  /** {@code jflow-<flow>-<pod>}, with what Docker does not allow in a name turned into '-', at most 60 characters. */
  static String namePrefix(String flow, String pod) {
    String name = ("jflow-" + flow + "-" + pod).replaceAll("[^a-zA-Z0-9_.-]", "-");
    return name.length() > 60 ? name.substring(0, 60) : name;
  }
}
