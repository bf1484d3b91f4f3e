/**
 * JFlow's API: the model, the ports and the SPIs; the JDK only. {@code dev.jflow.api.internal} holds
 * helpers shared with the other JFlow modules and is exported to them alone; flow-cli's
 * ArchitectureTest reads this list from the compiled descriptor and holds the class path to it too.
 */
@SuppressWarnings("module") // the modules named in the qualified export are compiled after this one
module dev.jflow.api {
  exports dev.jflow.api;
  exports dev.jflow.api.spi;
  exports dev.jflow.api.internal to
      dev.jflow.core,
      dev.jflow.proto,
      dev.jflow.transport.grpc,
      dev.jflow.transport.websocket,
      dev.jflow.neural, // Json: the tokenizer's vocabulary
      dev.jflow.cli;
  exports dev.jflow.api.internal.tls to dev.jflow.core; // the Flow's own client of its TLS gateway (Loopback)

  uses dev.jflow.api.spi.FlowFactory;
}
