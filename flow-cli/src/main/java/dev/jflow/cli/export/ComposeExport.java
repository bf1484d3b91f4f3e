package dev.jflow.cli.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jflow export compose flow.yml}: a Compose file for {@code docker-compose up} and {@code docker stack deploy}. */
@Command(name = "compose", mixinStandardHelpOptions = true, header = "Write a Compose file for docker-compose and Swarm.",
    description = {"Write DIR/docker-compose.yml (Compose 3.8) and DIR/flow.gateway.yml: a",
        "service per pod (per shard when sharded) with its replicas under",
        "deploy.replicas and a jflow ping health check, and the gateway, published on",
        "PORT, reaching the pods by service name. Run it with `docker-compose up -d`,",
        "or on Swarm with `docker stack deploy -c docker-compose.yml NAME`. Built-in,",
        "grpc:// and inspect pods, and every head and tail (uses_before, uses_after),",
        "stay in the gateway."})
final class ComposeExport implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FLOW_YML", description = "the Flow YAML file")
  Path file;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "where to write the files (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin
  ExportOptions options = new ExportOptions();

  @Override
  public Integer call() {
    ExportPlan plan = options.plan(file);
    Map<String, String> files = new LinkedHashMap<>();
    files.put(ComposeFile.FILE, YamlText.of(ComposeFile.of(plan)));
    files.put(ComposeFile.GATEWAY_FLOW, plan.gatewayYaml());
    ExportFiles.write(out, files, spec.commandLine().getOut());
    return 0;
  }
}
