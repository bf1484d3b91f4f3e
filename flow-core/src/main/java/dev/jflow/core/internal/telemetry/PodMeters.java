package dev.jflow.core.internal.telemetry;

import static dev.jflow.core.internal.telemetry.Meters.CODES;
import static dev.jflow.core.internal.telemetry.Meters.TYPES;
import static dev.jflow.core.internal.telemetry.Meters.TYPE_TAGS;

import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import dev.jflow.api.spi.PodMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one replica (tags flow, pod, replica): requests and latency by request type and
 * status, documents by type, queue wait, execution time, shed requests, restarts and the documents of
 * dynamic batches (registered at the first batch, so a pod without batching shows none). Shared by the
 * {@link PodHandle}s of one flow, pod and label.
 */
final class PodMeters extends MeterSet implements PodMetrics {
  private final MeterSlots<Counter> requests;
  private final MeterSlots<Timer> latency;
  private final MeterSlots<Counter> documents;
  private final Timer queueWait;
  private final Timer execution;
  private final Counter shed;
  private final Counter restarts;
  private final MeterSlots<DistributionSummary> batchSize;

  PodMeters(MeterRegistry registry, Object lock, String flow, String pod, String replica) {
    super(registry, lock);
    Tags tags = Tags.of("flow", Meters.tag(flow), "pod", Meters.tag(pod), "replica", Meters.tag(replica));
    this.requests = slots(TYPES.length * CODES.length, i -> Counter.builder("jflow.pod.requests")
        .description("Requests a replica finished, by type and status").tags(typeAndStatus(tags, i)).register(registry));
    this.latency = slots(TYPES.length * CODES.length, i -> Meters.latency("jflow.pod.latency")
        .description("Time a request spent in a pod, queued and running").tags(typeAndStatus(tags, i)).register(registry));
    this.documents = slots(TYPES.length, i -> Counter.builder("jflow.pod.documents")
        .description("Documents in the requests a replica finished").tags(tags.and("type", TYPE_TAGS[i])).register(registry));
    this.queueWait = keep(Timer.builder("jflow.pod.queue.wait").description("Time requests waited in the pod's queue")
        .tags(tags).register(registry));
    this.execution = keep(Timer.builder("jflow.pod.execution").description("Time the replica's executor ran for requests")
        .tags(tags).register(registry));
    this.shed = keep(Counter.builder("jflow.pod.shed").description("Requests refused with RESOURCE_EXHAUSTED by a full queue")
        .tags(tags).register(registry));
    this.restarts = keep(Counter.builder("jflow.pod.restarts").description("Times a reload or rolling update replaced the executor under this label")
        .tags(tags).register(registry));
    this.batchSize = slots(1, i -> DistributionSummary.builder("jflow.pod.batch.size").baseUnit("documents")
        .description("Documents per executor call under dynamic batching").tags(tags).register(registry));
  }

  private static Tags typeAndStatus(Tags tags, int i) {
    return tags.and("type", TYPE_TAGS[i / CODES.length], "status", CODES[i % CODES.length].name());
  }

  @Override
  public void finished(RequestType type, Status.Code code, int docs, long queueNanos, long executorNanos) {
    if (type == null || code == null) {
      return; // never throws: a caller's bug must not fail a request
    }
    int i = type.ordinal() * CODES.length + code.ordinal();
    Counter count = requests.get(i);
    Timer time = latency.get(i);
    Counter docCount = docs > 0 ? documents.get(type.ordinal()) : null;
    if (count == null || time == null) {
      return; // removed: this replica retired
    }
    count.increment();
    time.record(Math.max(0, queueNanos) + Math.max(0, executorNanos), TimeUnit.NANOSECONDS);
    if (docCount != null) {
      docCount.increment(docs);
    }
    queueWait.record(queueNanos, TimeUnit.NANOSECONDS);
    execution.record(executorNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void batched(int requests, int docs) {
    DistributionSummary size = batchSize.get(0);
    if (size != null) {
      size.record(Math.max(0, docs));
    }
  }

  @Override
  public void shed() {
    shed.increment();
  }

  @Override
  public void restarted() {
    restarts.increment();
  }
}
