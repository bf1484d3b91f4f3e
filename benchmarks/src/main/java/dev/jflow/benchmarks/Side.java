package dev.jflow.benchmarks;

/** One side of the end-to-end comparison: a server and a client on loopback that index the payload. */
interface Side extends AutoCloseable {

  /** The name shown in the table. */
  String name();

  /**
   * Sends every document once and waits for every response.
   *
   * @throws Exception when a request fails, is answered with an error or the round times out
   */
  RoundResult round() throws Exception;

  /** Stops the server and the client. */
  @Override
  void close();
}
