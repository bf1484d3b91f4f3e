/** The standard executors; flow-core creates them by class name, so their package is exported. */
@SuppressWarnings("requires-automatic") // H2 names its module in its manifest only
module dev.jflow.executors {
  requires transitive dev.jflow.api;
  requires dev.jflow.proto; // stored documents are DocumentProto bytes (and it reads protobuf for us)
  requires com.h2database;
  requires org.apache.lucene.core; // HnswIndexer's graph and directory
  requires static jdk.incubator.vector; // SimdKernel, used only when the JVM runs with --add-modules jdk.incubator.vector
  requires java.management; // VectorKernels reads the JVM's options: without C2, the Vector API is slow

  exports dev.jflow.executors;
}
