package dev.jflow.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ReordererTest {
  private static Response response(long seq) {
    return Response.of(Request.builder(RequestType.INDEX).id("r" + seq).build(), Status.SUCCESS, List.of());
  }

  @Provide
  Arbitrary<List<Integer>> arrivals() {
    return Arbitraries.integers().between(0, 40)
        .flatMap(n -> Arbitraries.shuffle(IntStream.range(0, n).boxed().collect(Collectors.toList())));
  }

  @Property(tries = 200)
  void inOrderEachResponseWaitsForEveryEarlierOne(@ForAll("arrivals") List<Integer> arrival) {
    Reorderer r = new Reorderer(true);
    List<String> out = new ArrayList<>();
    for (int seq : arrival) {
      r.add(seq, response(seq));
      for (Response next; (next = r.poll()) != null; ) {
        out.add(next.requestId());
      }
      // what came out is exactly the run 0, 1, 2, ... of requests answered so far
      assertEquals(IntStream.range(0, out.size()).mapToObj(i -> "r" + i).collect(Collectors.toList()), out);
      assertEquals(r.size() == 0, r.isEmpty());
    }
    assertEquals(arrival.size(), out.size(), "everything comes out once all have arrived");
    assertEquals(0, r.size());
  }

  @Test
  void heldResponsesCountTowardsTheSize() {
    Reorderer r = new Reorderer(true);
    r.add(2, response(2));
    r.add(1, response(1));
    assertNull(r.poll(), "request 0 is not answered yet");
    assertEquals(2, r.size());
    r.add(0, response(0));
    assertEquals("r0", r.poll().requestId());
    assertEquals("r1", r.poll().requestId());
    assertEquals("r2", r.poll().requestId());
    assertNull(r.poll());
    assertEquals(true, r.isEmpty());
  }

  @Test
  void withoutOrderResponsesComeOutAsTheyArrived() {
    Reorderer r = new Reorderer(false);
    r.add(2, response(2));
    r.add(0, response(0));
    assertEquals(2, r.size());
    assertEquals("r2", r.poll().requestId());
    assertEquals("r0", r.poll().requestId());
    assertNull(r.poll());
  }
}
