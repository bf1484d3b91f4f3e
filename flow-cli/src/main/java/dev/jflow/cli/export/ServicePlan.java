package dev.jflow.cli.export;

import java.util.List;
import java.util.Map;

/**
 * One exported service: a pod, or one shard of a pod, that runs as containers of its own.
 *
 * @param name the service name, a DNS label (the gateway reaches it as {@code grpc://<name>:8081})
 * @param pod the pod's name in the Flow
 * @param shard the shard this service serves, or -1 when the pod is not sharded
 * @param image the image the containers run
 * @param command the arguments of the image's entry point (the {@code jflow} command)
 * @param env environment variables of the containers (the docker:// pod's)
 * @param volumes volumes, {@code SOURCE:TARGET[:ro|rw]} (the docker:// pod's)
 * @param replicas how many containers serve it
 */
record ServicePlan(String name, String pod, int shard, String image, List<String> command, Map<String, String> env,
    List<String> volumes, int replicas) {
  ServicePlan {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    volumes = List.copyOf(volumes);
  }
}
