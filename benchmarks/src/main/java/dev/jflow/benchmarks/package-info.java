/** The benchmark suite: JMH micro-benchmarks and scenarios S1-S9 run end to end in separate JVMs, each against a plain protobuf, grpc-java, Tyrus or array-scan baseline. */
package dev.jflow.benchmarks;
