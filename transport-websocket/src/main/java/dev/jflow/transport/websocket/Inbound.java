package dev.jflow.transport.websocket;

import dev.jflow.api.Request;

/**
 * A decoded request from one socket, waiting for or holding a slot in the prefetch window.
 *
 * @param request the request
 * @param binary whether it came as a binary frame (answered in binary) or as JSON text (answered in JSON)
 * @param size the frame's size in bytes, counted against the socket's backlog limit
 */
record Inbound(Request request, boolean binary, long size) {}
