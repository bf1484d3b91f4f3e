/** Test fixtures that need grpc-java, shared through transport-grpc's test jar: channels, recording observers, Jina's method. */
package dev.jflow.transport.grpc.testing;
