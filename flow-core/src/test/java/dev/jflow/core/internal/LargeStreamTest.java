package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.Inputs;
import dev.jflow.api.NdArray;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LargeStreamTest {
  private static final int DOCS = 100_000;
  private static final int DIM = 128;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aHundredThousandEmbeddingsPassTwoPodsAndEveryIdComesBackExactlyOnce() {
    AtomicLong seenByEncoder = new AtomicLong();
    BitSet returned = new BitSet(DOCS);
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger made = new AtomicInteger();
    Random random = new Random(42);
    try (Flow f = Flow.builder()
        .add("encoder", () -> request -> seenByEncoder.addAndGet(request.docs().size()))
        .add("checker", () -> request -> request.docs().forEach(d -> {
          if (d.embedding().size() != DIM) {
            throw new IllegalStateException("embedding of " + d.id() + " has " + d.embedding().size() + " values");
          }
        }))
        .build().start()) {
      Inputs inputs = Inputs.generate(() -> {
        int i = made.get();
        if (i >= DOCS) {
          return null;
        }
        made.incrementAndGet();
        float[] v = new float[DIM];
        for (int k = 0; k < DIM; k++) {
          v[k] = random.nextFloat();
        }
        return Document.withId(Integer.toString(i)).embedding(NdArray.of(v));
      });
      f.index(inputs, CallOptions.builder().returnResults(false).onAlways(r -> {
        assertTrue(!r.isError(), () -> "request failed: " + r.status());
        synchronized (returned) {
          for (Document d : r.docs()) {
            int id = Integer.parseInt(d.id());
            if (returned.get(id)) {
              duplicates.incrementAndGet();
            }
            returned.set(id);
          }
        }
      }).build());
    }
    assertEquals(DOCS, seenByEncoder.get());
    assertEquals(0, duplicates.get());
    assertEquals(DOCS, returned.cardinality());
  }
}
