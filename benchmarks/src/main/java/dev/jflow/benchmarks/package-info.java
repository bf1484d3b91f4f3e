/** JMH microbenchmarks and an end-to-end load harness, each measured against a plain protobuf / grpc-java baseline. */
package dev.jflow.benchmarks;
