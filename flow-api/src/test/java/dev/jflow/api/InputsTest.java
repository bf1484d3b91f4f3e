package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.internal.InputReaders;
import dev.jflow.api.testing.Collecting;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Inputs subscribed with {@code Runnable::run}: every pull happens inside {@code request}, so what the
 * collector holds afterwards is everything the publisher delivered.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class InputsTest {

  private static Collecting<Input> collectAll(Inputs inputs) {
    Collecting<Input> c = Collecting.all();
    inputs.publisher(Runnable::run).subscribe(c);
    return c;
  }

  private static List<String> ids(Collecting<Input> c) {
    return c.items.stream().map(i -> i.document().id()).toList();
  }

  /** A generator of documents "0", "1", ... that counts its calls and ends (returns null) after {@code size}. */
  private static Supplier<Document> counting(AtomicInteger calls, int size) {
    return () -> {
      int n = calls.getAndIncrement();
      return n < size ? Document.withId(Integer.toString(n)) : null;
    };
  }

  @Test
  void limitStopsAfterNDocumentsAndStopsPullingTheSource() {
    AtomicInteger calls = new AtomicInteger();
    Collecting<Input> c = collectAll(Inputs.generate(counting(calls, Integer.MAX_VALUE)).limit(5));

    assertEquals(List.of("0", "1", "2", "3", "4"), ids(c));
    assertEquals(1, c.completions());
    assertNull(c.error());
    assertEquals(5, calls.get(), "the generator is not called again once the limit is reached");
  }

  @Test
  void limitCancelsTheSourceSoAStreamIsClosed() {
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger pulled = new AtomicInteger();
    Stream<Document> endless = Stream.generate(() -> Document.withId("d" + pulled.getAndIncrement()))
        .onClose(() -> closed.set(true));

    Collecting<Input> c = collectAll(Inputs.of(endless).limit(3));

    assertEquals(List.of("d0", "d1", "d2"), ids(c));
    assertEquals(1, c.completions());
    assertTrue(closed.get(), "the stream was closed when the limit cancelled it");
  }

  @Test
  void limitBeyondTheInputEndsWithTheInput() {
    Collecting<Input> c = collectAll(Inputs.generate(counting(new AtomicInteger(), 3)).limit(10));
    assertEquals(List.of("0", "1", "2"), ids(c));
    assertEquals(1, c.completions());
  }

  @Test
  void limitZeroGivesNothing() {
    Collecting<Input> c = collectAll(Inputs.of(Document.withId("a")).limit(0));
    assertTrue(c.items.isEmpty());
    assertEquals(1, c.completions());
  }

  @Test
  void aNegativeLimitMeansNoLimit() {
    Collecting<Input> c = collectAll(Inputs.generate(counting(new AtomicInteger(), 20)).limit(5).limit(-1));
    assertEquals(20, c.items.size());
  }

  @Test
  void sampleKeepsRoughlyTheRateOfDocuments() {
    Collecting<Input> c = collectAll(Inputs.generate(counting(new AtomicInteger(), 10_000)).sample(0.5, 42));
    int kept = c.items.size();
    assertTrue(kept >= 4500 && kept <= 5500, "kept " + kept + " of 10000 at rate 0.5");
    assertEquals(1, c.completions());

    Collecting<Input> tenth = collectAll(Inputs.generate(counting(new AtomicInteger(), 10_000)).sample(0.1, 42));
    int keptTenth = tenth.items.size();
    assertTrue(keptTenth >= 700 && keptTenth <= 1300, "kept " + keptTenth + " of 10000 at rate 0.1");
  }

  @Test
  void sampleIsDeterministicForASeed() {
    Inputs sampled = Inputs.generate(counting(new AtomicInteger(), 1000)).sample(0.3, 7);
    List<String> first = ids(collectAll(sampled));
    List<String> again = ids(collectAll(Inputs.generate(counting(new AtomicInteger(), 1000)).sample(0.3, 7)));
    List<String> otherSeed = ids(collectAll(Inputs.generate(counting(new AtomicInteger(), 1000)).sample(0.3, 8)));
    assertEquals(first, again);
    assertNotEquals(first, otherSeed);
  }

  @Test
  void sampleOfOneKeepsEverything() {
    Collecting<Input> c = collectAll(Inputs.generate(counting(new AtomicInteger(), 100)).sample(1.0, 1));
    assertEquals(100, c.items.size());
  }

  @Test
  void sampleAndLimitTogetherStopAfterTheLimitOfKeptDocuments() {
    AtomicInteger calls = new AtomicInteger();
    Collecting<Input> c = collectAll(Inputs.generate(counting(calls, 10_000)).sample(0.5, 3).limit(10));
    assertEquals(10, c.items.size());
    assertEquals(1, c.completions());
    assertTrue(calls.get() < 100, "stopped pulling soon after the tenth kept document, pulled " + calls.get());
  }

  @Test
  void aSampledInputHonoursDemand() {
    Collecting<Input> c = new Collecting<>(0);
    Inputs.generate(counting(new AtomicInteger(), 10_000)).sample(0.5, 11).publisher(Runnable::run).subscribe(c);
    c.request(4);
    assertEquals(4, c.items.size(), "dropped documents do not use up the subscriber's demand");
    assertFalse(c.done.isDone());
  }

  @Test
  void ratesOutsideZeroToOneAreRejected() {
    Inputs in = Inputs.of(Document.withId("a"));
    for (double rate : new double[] {0, 1.5, -0.1, Double.NaN}) {
      FlowException e = assertThrows(FlowException.class, () -> in.sample(rate, 1));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
      assertEquals("sampling rate must be in (0, 1], got " + rate, e.status().description());
    }
    assertThrows(FlowException.class, () -> in.sample(0));
  }

  @Test
  void idsBecomeEmptyDocumentsWithThoseIds() {
    Collecting<Input> c = collectAll(Inputs.ids(List.of("a", "b")));
    assertEquals(List.of("a", "b"), ids(c));
    assertEquals(Document.ContentType.NONE, c.items.get(0).document().contentType());
  }

  @Test
  void emptyOrNullIdsFailTheInput() {
    Collecting<Input> c = collectAll(Inputs.ids(List.of("a", "")));
    assertEquals(List.of("a"), ids(c));
    FlowException e = assertInstanceOf(FlowException.class, c.error());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertEquals("delete ids must be non-empty strings, got \"\"", e.status().description());

    Collecting<Input> withNull = collectAll(Inputs.ids(Arrays.asList("a", null)));
    FlowException n = assertInstanceOf(FlowException.class, withNull.error());
    assertEquals("delete ids must be non-empty strings, got null", n.status().description());
  }

  @Test
  void aStreamIsClosedWhenItEnds() {
    AtomicBoolean closed = new AtomicBoolean();
    Stream<Document> docs = Stream.of(Document.withId("a"), Document.withId("b")).onClose(() -> closed.set(true));

    Collecting<Input> c = collectAll(Inputs.of(docs));

    assertEquals(List.of("a", "b"), ids(c));
    assertEquals(1, c.completions());
    assertTrue(closed.get());
  }

  @Test
  void aStreamIsClosedWhenItFails() {
    AtomicBoolean closed = new AtomicBoolean();
    Stream<Document> docs = IntStream.range(0, 3).mapToObj(i -> {
      if (i == 1) {
        throw new IllegalStateException("broken source");
      }
      return Document.withId("d" + i);
    }).onClose(() -> closed.set(true));

    Collecting<Input> c = collectAll(Inputs.of(docs));

    assertEquals(List.of("d0"), ids(c));
    assertEquals("broken source", assertInstanceOf(IllegalStateException.class, c.error()).getMessage());
    assertTrue(closed.get());
  }

  @Test
  void theIteratorPublisherDeliversExactlyWhatIsRequested() {
    AtomicInteger calls = new AtomicInteger();
    Collecting<Input> c = new Collecting<>(0);
    Inputs.generate(counting(calls, 10)).publisher(Runnable::run).subscribe(c);
    assertTrue(c.items.isEmpty(), "nothing is pulled before a request");
    assertEquals(0, calls.get());

    c.request(3);
    assertEquals(List.of("0", "1", "2"), ids(c));
    assertEquals(3, calls.get(), "the source is pulled only as far as the demand");
    assertFalse(c.done.isDone());

    c.request(2);
    assertEquals(5, c.items.size());

    c.request(100);
    assertEquals(10, c.items.size());
    assertEquals(1, c.completions());
  }

  @Test
  void aNonPositiveRequestSignalsOnError() {
    for (long bad : new long[] {0, -1}) {
      Collecting<Input> c = new Collecting<>(0);
      Inputs.generate(counting(new AtomicInteger(), 10)).publisher(Runnable::run).subscribe(c);
      c.request(1);
      c.request(bad);
      IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, c.error());
      assertEquals("request(" + bad + ") violates the Flow spec: demand must be positive", e.getMessage());
      c.request(5);
      assertEquals(1, c.items.size(), "nothing is delivered after the error");
      assertEquals(0, c.completions());
    }
  }

  @Test
  void cancellingStopsDeliveryAndClosesTheSource() {
    AtomicBoolean closed = new AtomicBoolean();
    Stream<Document> docs = Stream.generate(Document::new).onClose(() -> closed.set(true));
    Collecting<Input> c = new Collecting<>(0);
    Inputs.of(docs).publisher(Runnable::run).subscribe(c);
    c.request(2);
    c.cancel();
    c.request(5);
    assertEquals(2, c.items.size());
    assertTrue(closed.get());
    assertFalse(c.done.isDone(), "a cancelled subscription gets no terminal signal");
  }

  @Test
  void pullingRunsOnTheGivenExecutorNotOnTheCallerOfRequest() {
    Queue<Runnable> tasks = new ArrayDeque<>();
    Executor queued = tasks::add;
    Collecting<Integer> c = new Collecting<>(0);
    InputReaders.<Integer>pulling(() -> List.of(1, 2, 3).iterator(), queued).subscribe(c);

    c.request(2);
    assertTrue(c.items.isEmpty(), "request() returned without pulling");
    assertEquals(1, tasks.size());

    tasks.poll().run();
    assertEquals(List.of(1, 2), c.items);

    c.request(5);
    tasks.poll().run();
    assertEquals(List.of(1, 2, 3), c.items);
    assertEquals(1, c.completions());
  }

  @Test
  void eachSubscriberGetsAFreshIterator() {
    Inputs in = Inputs.of(List.of(Document.withId("a"), Document.withId("b")));
    assertEquals(List.of("a", "b"), ids(collectAll(in)));
    assertEquals(List.of("a", "b"), ids(collectAll(in)));
  }

  @Test
  void pairsCarryTheirGroundtruth() {
    Document doc = Document.withId("q");
    Document truth = Document.withId("t");
    Collecting<Input> c = collectAll(Inputs.pairs(List.of(java.util.Map.entry(doc, truth))));
    assertEquals(List.of(new Input(doc, truth)), c.items);
  }
}
