package dev.jflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.jflow.api.CallOptions;
import dev.jflow.api.ContainerOptions;
import dev.jflow.api.Document;
import dev.jflow.api.DynamicBatching;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowException;
import dev.jflow.api.Inputs;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;

/**
 * {@code uses: docker://IMAGE} pods started by a Flow in the test JVM through the Docker engine (not by
 * Testcontainers): an encoder with 2 replicas, a container each, in front of a local indexer. Both
 * containers serve; a container killed mid-stream loses no request; a pod whose executor does not exist
 * fails the start within seconds saying why; the neural SentenceEncoder (ONNX Runtime's natives) encodes in
 * a container of the image from scratch, behind dynamic batching; and no container is left behind in any case.
 */
@ExtendWith(DockerImageExtension.class)
class DockerPodIT {
  private final String flowName = "docker-pods-" + UUID.randomUUID().toString().substring(0, 8);
  private final DockerClient docker = DockerClientFactory.instance().client();

  private List<Container> containers() {
    return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.jflow.flow", flowName)).exec();
  }

  /** The pod in a container takes data only from its Flow (a token of its own), not from anyone who reaches its port. */
  private static void assertRefusesStrangers(Container c) throws Exception {
    int port = java.util.Arrays.stream(c.getPorts()).filter(p -> p.getPrivatePort() == 8081).findFirst().orElseThrow().getPublicPort();
    try (dev.jflow.api.Client stranger = dev.jflow.api.Client.connect("grpc", "127.0.0.1", port)) {
      List<Response> answer = null;
      Throwable refused = null;
      try {
        answer = stranger.index(List.of(Corpus.doc(0))).get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        refused = e.getCause();
      }
      List<Response> a = answer;
      assertTrue(refused != null || a.get(0).isError(), () -> "a client without the token was served: " + a);
    }
  }

  private long running() {
    return containers().stream().filter(c -> c.getState().equals("running")).count();
  }

  @AfterEach
  void noContainerIsLeft() {
    List<Container> left = containers();
    left.forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec()); // the next tests start clean
    assertEquals(List.of(), left.stream().map(c -> c.getNames()[0]).toList(), "containers of Flow " + flowName + " left behind");
  }

  private FlowBuilder<Flow> flow(JflowImage image, String usesInternal) {
    return Flow.builder().name(flowName).protocol("grpc").host("127.0.0.1")
        .add(PodSpec.builder("encoder").uses("docker://" + image.name()).with("dim", Corpus.DIM).replicas(2)
            .container(ContainerOptions.builder().usesInternal(usesInternal).env("JFLOW_IT", "1").build()).build())
        .add("indexer", "VectorIndexer");
  }

  @Test
  void indexesAndSearchesThroughAPodInTwoContainers(JflowImage image) throws Exception {
    int docs = 120;
    try (Flow flow = flow(image, "HashingTextEncoder").build().start()) {
      assertEquals(2, running(), () -> "one container per replica: " + containers());
      assertRefusesStrangers(containers().get(0));
      Set<String> replicas = new TreeSet<>();
      List<Response> indexed = flow.index(Inputs.of(Corpus.docs(0, docs)), CallOptions.builder().requestSize(2).build());
      int back = 0;
      for (Response r : indexed) {
        assertFalse(r.isError(), () -> "index request " + r.requestId() + " failed: " + r.status());
        for (Document d : r.docs()) {
          back++;
          assertTrue(d.embedding() != null && d.embedding().size() == Corpus.DIM, () -> d.id() + " was not encoded: " + d.embedding());
        }
        r.routes().stream().filter(route -> route.pod().equals("encoder")).map(Route::podId).forEach(replicas::add);
      }
      assertEquals(docs, back, "every document comes back");
      assertEquals(2, replicas.size(), () -> "both containers encoded: " + replicas);
      List<Integer> sample = IntStream.range(0, docs).filter(i -> i % 7 == 0).boxed().toList();
      Corpus.assertFound(flow.search(Inputs.of(sample.stream().map(Corpus::query).toList()), CallOptions.builder().topK(3).build()),
          sample, 3);

      flow.scale("encoder", 3);
      assertEquals(3, running(), () -> "SCALE to 3 started a third container: " + containers());
      flow.scale("encoder", 1);
      org.awaitility.Awaitility.await("SCALE to 1 removes two containers").atMost(Duration.ofSeconds(60)).until(() -> containers().size() == 1);
      assertFalse(flow.index(Inputs.of(Corpus.docs(docs, docs + 4))).get(0).isError(), "the last container serves");
    }
    assertEquals(List.of(), containers(), "close() removed the containers");
  }

  @Test
  void aPodWhoseExecutorDoesNotExistFailsTheStartSayingWhy(JflowImage image) {
    long start = System.nanoTime();
    FlowException e = assertThrows(FlowException.class, () -> flow(image, "dev.example.NoSuchExecutor").build().start().close());
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("DockerPodIT: the failed start took %.1f s: %s%n", seconds, e.getMessage());
    assertTrue(seconds < 45, "fails when the container exits, not at timeout_ready (60 s): " + seconds + " s");
    assertTrue(e.getMessage().contains("exited with code") && e.getMessage().contains("dev.example.NoSuchExecutor"),
        "the message has the container's exit and its log line: " + e.getMessage());
    assertEquals(List.of(), containers(), "the failed start removed its containers");
  }

  @Test
  void aContainerKilledMidStreamLosesNoRequest(JflowImage image) throws Exception {
    try (Flow flow = flow(image, "HashingTextEncoder").build().start()) {
      AtomicInteger generated = new AtomicInteger();
      CountDownLatch underWay = new CountDownLatch(150);
      CountDownLatch afterKill = new CountDownLatch(1);
      AtomicInteger answeredAfterKill = new AtomicInteger();
      Inputs input = Inputs.generate(() -> {
        int i = generated.get();
        if (i >= 5_000 || (afterKill.getCount() == 0 && answeredAfterKill.get() >= 300)) {
          return null;
        }
        generated.incrementAndGet();
        return Corpus.doc(i);
      });
      Queue<String> failures = new ConcurrentLinkedQueue<>();
      Set<String> indexed = java.util.concurrent.ConcurrentHashMap.newKeySet();
      AtomicInteger answered = new AtomicInteger();
      CallOptions options = CallOptions.builder().requestSize(1).prefetch(16).returnResults(false).timeout(Duration.ofSeconds(90))
          .onAlways(r -> {
            answered.incrementAndGet();
            if (r.isError()) {
              failures.add(r.requestId() + ": " + r.status());
            }
            r.docs().forEach(d -> indexed.add(d.id()));
            underWay.countDown();
            if (afterKill.getCount() == 0) {
              answeredAfterKill.incrementAndGet();
            }
          }).build();
      CompletableFuture<List<Response>> call = flow.async().index(input, options);
      assertTrue(underWay.await(60, TimeUnit.SECONDS), () -> "the stream did not get going: " + answered + " answers");
      Container victim = containers().get(0);
      docker.killContainerCmd(victim.getId()).exec();
      afterKill.countDown();
      call.get(120, TimeUnit.SECONDS);
      System.out.printf("DockerPodIT: killed %s mid-stream; %d documents, %d answered after the kill%n", victim.getNames()[0],
          generated.get(), answeredAfterKill.get());
      assertEquals(List.of(), List.copyOf(failures), "every request succeeds, those on the killed container retried on the other");
      assertEquals(generated.get(), answered.get(), "one answer per request");
      assertEquals(IntStream.range(0, generated.get()).mapToObj(i -> "doc-" + i).collect(Collectors.toSet()), indexed,
          "every document is indexed");
      assertTrue(flow.status().ready(), () -> "the pod keeps a ready replica: " + flow.status());
    }
    assertEquals(List.of(), containers(), "close() removed both containers, the killed one too");
  }

  @Test
  void theSentenceEncoderRunsInAContainerOfTheImageFromScratch(JflowImage image) throws Exception {
    // ONNX Runtime's natives in /app/native, the libc pieces they need beside them, a /tmp it can write to:
    // a pod in the image from scratch encodes as the test JVM would, its requests merged by dynamic batching
    DynamicBatching batching = DynamicBatching.builder().preferredBatchSize(4).timeout(Duration.ofMillis(50)).build();
    PodSpec encoder = PodSpec.builder("encoder").uses("docker://" + image.name()).with("batch_size", 8).dynamicBatching(batching)
        .container(ContainerOptions.builder().usesInternal("SentenceEncoder").build()).build();
    try (Flow flow = Flow.builder().name(flowName).protocol("grpc").host("127.0.0.1").add(encoder).add("indexer", "VectorIndexer")
        .build().start()) {
      assertEquals(1, running(), () -> "one container: " + containers());
      assertEncodesByMeaning(flow, "a docker:// pod");
    }
    assertEquals(List.of(), containers(), "close() removed the container");

    // ContainerOptions has no user: the same image run as nobody (65534) as a remote pod, which the engine allows
    try (JflowContainer nobody = JflowContainer.pod(image, "encoder-nobody", "encoder", "SentenceEncoder", Map.of("batch_size", 8))
        .withCreateContainerCmdModifier(cmd -> cmd.withUser("65534:65534"))) {
      nobody.start();
      assertEquals("65534:65534", docker.inspectContainerCmd(nobody.getContainerId()).exec().getConfig().getUser(), "runs as nobody");
      try (Flow flow = Flow.builder().name(flowName).protocol("grpc").host("127.0.0.1")
          .add(PodSpec.builder("encoder").uses(nobody.grpcAddress()).dynamicBatching(batching).build()).add("indexer", "VectorIndexer")
          .build().start()) {
        assertEncodesByMeaning(flow, "a remote pod as user 65534");
      }
    }
  }

  /** Indexes six sentences and searches a seventh through {@code flow}, whose pod {@code encoder} runs SentenceEncoder in a container. */
  private static void assertEncodesByMeaning(Flow flow, String where) throws Exception {
    Map<String, String> sentences = new LinkedHashMap<>();
    sentences.put("cat", "The cat dozed on the warm windowsill.");
    sentences.put("stocks", "The stock market fell sharply as investors sold bank shares.");
    sentences.put("rain", "Heavy rain is expected across the north tomorrow.");
    sentences.put("code", "The compiler reported a type error in the parser.");
    sentences.put("soup", "She stirred the tomato soup and added basil.");
    sentences.put("train", "The night train to Vienna left the station on time.");
    List<Document> docs = sentences.entrySet().stream().map(e -> Document.withId(e.getKey()).text(e.getValue())).toList();
    List<Response> indexed = flow.index(Inputs.of(docs), CallOptions.builder().requestSize(1).prefetch(8).build());
    Map<String, float[]> embeddings = new LinkedHashMap<>();
    for (Response r : indexed) {
      assertFalse(r.isError(), () -> "index request " + r.requestId() + " failed in " + where + ": " + r.status());
      r.docs().forEach(d -> embeddings.put(d.id(), unitEmbedding(d)));
    }
    assertEquals(sentences.keySet(), embeddings.keySet(), "every document comes back encoded by " + where);

    List<Response> found = flow.search(List.of(Document.withId("kitten").text("a kitten sleeping in the sun")), 3);
    assertFalse(found.get(0).isError(), () -> "the search failed in " + where + ": " + found.get(0).status());
    Document query = found.get(0).docs().get(0);
    float[] kitten = unitEmbedding(query);
    double cat = dot(kitten, embeddings.get("cat"));
    double stocks = dot(kitten, embeddings.get("stocks"));
    System.out.printf("DockerPodIT: in %s, cos(kitten, cat) %.3f, cos(kitten, stocks) %.3f%n", where, cat, stocks);
    assertTrue(cat > stocks + 0.1, "in " + where + " the kitten is nearer the cat (" + cat + ") than the stock market (" + stocks + ")");
    assertEquals("cat", query.matches().get(0).id(), () -> "the kitten's best match in " + where + ": " + query.matches());
  }

  private static float[] unitEmbedding(Document d) {
    assertTrue(d.embedding() != null, () -> d.id() + " came back without an embedding");
    float[] v = d.embedding().toFloatArray();
    assertEquals(384, v.length, () -> d.id() + " has a " + v.length + "-d embedding");
    assertEquals(1.0, Math.sqrt(dot(v, v)), 1e-4, () -> d.id() + "'s embedding is not of unit length");
    return v;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
