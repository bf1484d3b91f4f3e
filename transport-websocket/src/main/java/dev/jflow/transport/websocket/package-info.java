/** The websocket transport (Jina's restful gateway): WebSocket {@code /stream} and HTTP JSON on one Tyrus/Grizzly port, and its client. */
package dev.jflow.transport.websocket;
