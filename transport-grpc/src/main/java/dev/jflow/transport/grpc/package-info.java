/** The grpc transport: a {@code jina.JinaRPC/Call} gateway server (health, reflection) and its client. */
package dev.jflow.transport.grpc;
