package dev.jflow.transport.grpc;

import dev.jflow.proto.jina.RequestProto;

/**
 * A request message as the server received it: parsed, or the reason it could not be, so that a
 * malformed message fails its stream with INVALID_ARGUMENT instead of gRPC's generic INTERNAL.
 *
 * @param proto the parsed request, or null
 * @param problem why parsing failed, or null
 */
record Inbound(RequestProto proto, String problem) {}
