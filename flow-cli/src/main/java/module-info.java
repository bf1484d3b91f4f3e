/**
 * The {@code jflow} command: {@code java -p jflow.jar:lib -m dev.jflow.cli/dev.jflow.cli.Main}. The
 * transports are not required: flow-core finds those on the module path with ServiceLoader.
 */
module dev.jflow.cli {
  requires dev.jflow.core;
  requires dev.jflow.executors;
  requires info.picocli;

  // picocli sets the commands' annotated fields by reflection
  opens dev.jflow.cli to info.picocli;
}
