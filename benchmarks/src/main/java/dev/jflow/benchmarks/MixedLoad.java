package dev.jflow.benchmarks;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Client;
import dev.jflow.api.Inputs;
import dev.jflow.api.RequestType;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The soak's steady workload, one loop of it: index, search, update and delete in turn through a JFlow
 * {@link Client}, each call cut into small requests with a few in flight, until told to stop. Every
 * response counts in the tally; an error response does not end the call ({@code continueOnError}).
 */
final class MixedLoad implements Runnable {
  private static final long CALL_TIMEOUT_S = 60;

  private final Client client;
  private final Tally tally;
  private final Random random;
  private final BooleanSupplier running;

  MixedLoad(Client client, Tally tally, long seed, BooleanSupplier running) {
    this.client = client;
    this.tally = tally;
    this.random = new Random(seed);
    this.running = running;
  }

  @Override
  public void run() {
    for (int step = 0; running.getAsBoolean(); step++) {
      try {
        call(step % 4);
      } catch (Exception e) {
        tally.failure(e);
      }
    }
  }

  private void call(int op) throws Exception {
    CallOptions.Builder options = CallOptions.builder().prefetch(4).returnResults(false).continueOnError(true)
        .onAlways(tally::response);
    switch (op) {
      case 0:
        client.index(Inputs.of(SoakData.documents(random, 40)), options.requestSize(10).build()).get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        break;
      case 1:
        client.search(Inputs.of(SoakData.documents(random, 8)), options.requestSize(2).topK(10).build())
            .get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        break;
      case 2:
        client.call(RequestType.UPDATE, Inputs.of(SoakData.documents(random, 20)), options.requestSize(5).build())
            .get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        break;
      default:
        client.delete(SoakData.ids(random, 10), options.requestSize(5).build()).get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
    }
  }
}
