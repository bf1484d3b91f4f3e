package dev.jflow.benchmarks;

import java.util.List;

/**
 * A side and the server processes behind it, whose CPU time and heap count towards its rounds.
 *
 * @param side the client that runs the rounds
 * @param servers the processes it talks to (empty when its server is in this JVM)
 */
record Contender(Side side, List<Peer> servers) {}
