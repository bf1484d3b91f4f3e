package dev.jflow.core.internal;

import dev.jflow.api.DynamicBatching;
import dev.jflow.api.FlowException;
import dev.jflow.api.FlowStatus.ReplicaStatus;
import dev.jflow.api.JsonMap;
import dev.jflow.api.ReplicaState;
import dev.jflow.api.Request;
import dev.jflow.api.Status;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import dev.jflow.api.spi.PodMetrics;
import dev.jflow.api.spi.Telemetry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Replicas of one executor: each instance serves one request at a time, and a request goes to an
 * idle replica at once, waiting in one shared queue only while every replica is busy. Replicas can be
 * added, drained (they finish what they hold, take nothing new, then close) and replaced one at a time
 * while the group serves. Asynchronous executors hold their replica until their stage completes.
 * The queue is bounded by count and by estimated bytes: a request that would wait beyond either
 * limit is refused at once with RESOURCE_EXHAUSTED, never accepted and dropped later.
 *
 * <p>A replica's label is its slot: a replacement (reload, rolling update) takes the slot, and so the
 * label, of the replica it replaces, and a new replica the lowest free slot, so labels (and meter
 * series) stay the same across reloads. Each replica reports to its own {@link PodMetrics} (labelled as
 * its routes are) the requests it finished, with their time in the queue and in the executor, and
 * closes them when it retires; a replacement reports {@code restarted()} once it is ready. A refusal
 * belongs to no replica: it is reported as {@code shed()} under the group's label ({@code ""} for a
 * pod's only group, else {@code shard-i}, {@code head}, {@code tail}). The queue's depth and the
 * requests running are gauges registered while the group is open. Telemetry is called outside the
 * group's lock, and a replica is released and its request completed even when reporting fails.
 *
 * <p>With {@link DynamicBatching}, requests wait in the same queue (within the same limits) until
 * {@link BatchForming} finds a batch ready, or the queue reaches a limit, or the group closes; a replica
 * then runs them as one merged request ({@link RequestBatch}), a lone request by the same path and
 * checks, and each is metered and completed as itself. One timer wakes the group when the oldest
 * waiting request is due; it is cancelled whenever the queue empties.
 *
 * <p>Replicas run on the pod pool, but for a {@link NonBlocking} executor ({@code _pass}) that a request
 * finds idle: it runs on the thread that submitted the request, as deep as
 * {@link InlineRuns} allows. Everything else is the same for it: the queue, its limits, the meters and
 * the spans.
 */
final class ReplicaGroup {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReplicaGroup.class);

  /** Which replica took a request, and whether it ran it ({@code false}: its caller gave up while it waited). */
  record Served(String label, boolean ran) {}

  private final String flow;
  private final String pod;
  private final String label;
  private final Telemetry telemetry;
  private final AutoCloseable gauges;
  private PodMetrics shedMetrics; // made at the first refusal, so a group that never sheds shows no meter; guarded by this
  private boolean metersClosed; // guarded by this
  private final int shard;
  private final boolean labelByIndex;
  private final java.util.concurrent.Executor pool;
  private final DynamicBatching batching; // null: every request is its own call
  private final List<Replica> replicas = new ArrayList<>();
  private final ArrayDeque<Replica> idle = new ArrayDeque<>();
  private final WaitingQueue queue; // guarded by this
  private Supplier<? extends Executor> factory;
  private JsonMap with;
  private int busy;
  private boolean closing;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final java.util.Set<CompletableFuture<Void>> retiring = new java.util.HashSet<>(); // replicas closing on the pool; guarded by this

  /** One executor instance of the group and its state (guarded by the group's lock but {@code metrics}). */
  static final class Replica {
    final int index;
    final String label;
    volatile PodMetrics metrics = PodMetrics.none(); // set while it opens, back to none when closed
    Executor executor;
    ReplicaState state = ReplicaState.STARTING;
    boolean busy;
    long served;
    final CompletableFuture<Void> opened = new CompletableFuture<>();
    final CompletableFuture<Void> gone = new CompletableFuture<>();

    Replica(int index, String label) {
      this.index = index;
      this.label = label;
    }
  }

  /** One piece of work waiting for, or run by, a replica. */
  static final class Task implements BatchForming.Waiting {
    final Function<Executor, CompletionStage<?>> work;
    final BooleanSupplier abandoned;
    final long bytes;
    final Hop hop; // null for control work (a dump), which is not metered
    final long submitted;
    final long arrived = System.nanoTime();
    final CompletableFuture<Served> result = new CompletableFuture<>();
    Request request; // with call, the one request the work runs, for batching; else null
    BiFunction<Executor, Request, CompletionStage<?>> call;
    RequestBatch.Key key; // null: never batches
    boolean checked; // under batching: runs as a batch (of one, or more), held to the batch's checks

    Task(Function<Executor, CompletionStage<?>> work, BooleanSupplier abandoned, long bytes, Hop hop) {
      this.work = work;
      this.abandoned = abandoned;
      this.bytes = bytes;
      this.hop = hop;
      this.submitted = hop == null ? 0 : System.nanoTime();
    }

    @Override
    public RequestBatch.Key key() {
      return key;
    }

    @Override
    public int size() {
      return request == null ? 0 : RequestBatch.size(request);
    }

    @Override
    public long arrived() {
      return arrived;
    }

    /** Whether its caller gave up; a check that fails counts as not (the request runs, and fails or not on its own). */
    boolean gaveUp(String pod) {
      try {
        return abandoned.getAsBoolean();
      } catch (RuntimeException | LinkageError | AssertionError e) {
        LOG.warn("checking whether a caller of pod '{}' gave up failed", pod, e);
        return false;
      }
    }
  }

  /**
   * @param flow the Flow's name, for meters
   * @param label the group's name in routes, e.g. {@code shard-1}, or "" for a pod's only group
   * @param shard the shard index handed to executors (-1 for heads and tails)
   * @param replicas the initial number of replicas; with one, it is labelled by the group's label alone
   * @param maxQueue most requests waiting for a free replica
   * @param maxQueueBytes most estimated bytes of the requests waiting
   * @param telemetry where the group and its replicas report
   */
  ReplicaGroup(String flow, String pod, String label, int shard, int replicas, java.util.concurrent.Executor pool, int maxQueue,
      long maxQueueBytes, Telemetry telemetry) {
    this(flow, pod, label, shard, replicas, pool, maxQueue, maxQueueBytes, telemetry, null);
  }

  /** A group that merges the requests waiting for its replicas as {@code batching} says (null: never). */
  ReplicaGroup(String flow, String pod, String label, int shard, int replicas, java.util.concurrent.Executor pool, int maxQueue,
      long maxQueueBytes, Telemetry telemetry, DynamicBatching batching) {
    this.batching = batching;
    this.queue = new WaitingQueue(pod, label, maxQueue, maxQueueBytes, batching, this, () -> dispatch(false));
    this.flow = flow;
    this.telemetry = telemetry;
    this.pod = pod;
    this.label = label;
    this.shard = shard;
    this.labelByIndex = replicas > 1;
    this.pool = pool;
    this.gauges = telemetry.queue(flow, pod, label, this::queued, this::running);
  }

  /** Creates and opens {@code count} replicas made by {@code factory}, in parallel. */
  CompletableFuture<Void> open(Supplier<? extends Executor> factory, JsonMap with, int count) {
    List<CompletableFuture<Void>> opening = new ArrayList<>();
    synchronized (this) {
      this.factory = factory;
      this.with = with;
      for (int i = 0; i < count; i++) {
        opening.add(start(freeIndex()).opened);
      }
    }
    return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
  }

  /** The lowest slot no serving or starting replica holds (caller holds the lock). */
  private int freeIndex() {
    for (int i = 0; ; i++) {
      int slot = i;
      if (replicas.stream().noneMatch(r -> r.index == slot && (r.state == ReplicaState.READY || r.state == ReplicaState.STARTING))) {
        return i;
      }
    }
  }

  /** The label of slot {@code i}: the group's own for the only replica of a group made with one, else {@code replica-i}. */
  private String labelOf(int i) {
    return !labelByIndex && i == 0 ? label : (label.isEmpty() ? "" : label + "/") + "replica-" + i;
  }

  /**
   * Adds a replica in slot {@code index} (caller holds the lock); its {@code opened} completes when it
   * is READY or fails. Its meters are made on the pool's thread, outside the lock.
   */
  private Replica start(int index) {
    String name = labelOf(index);
    Replica r = new Replica(index, name);
    replicas.add(r);
    Supplier<? extends Executor> f = factory;
    JsonMap w = with;
    CompletableFuture.runAsync(() -> {
      r.metrics = telemetry.pod(flow, pod, name);
      Executor e = f.get();
      if (e == null) {
        throw new FlowException(Status.Code.FAILED_PRECONDITION, "the executor factory of pod '" + pod + "' returned null");
      }
      synchronized (this) {
        r.executor = e;
      }
      try {
        e.open(new ExecutorContext(pod, shard, r.index, w));
      } catch (Exception ex) {
        String why = ex instanceof FlowException ? ((FlowException) ex).status().description() : ex.toString();
        throw new FlowException(Status.Code.FAILED_PRECONDITION, "pod '" + pod + "' failed to open: " + why, ex);
      }
    }, pool).whenComplete((v, failure) -> {
      try {
        opened(r, failure);
      } finally {
        if (failure == null) {
          r.opened.complete(null);
        } else {
          r.opened.completeExceptionally(failure);
        }
      }
    });
    return r;
  }

  /** A replica finished opening, with {@code failure} or not: it serves, or it and its meters close. */
  private void opened(Replica r, Throwable failure) {
    Executor late = null;
    PodMetrics unused = null;
    synchronized (this) {
      if (failure != null) {
        r.state = ReplicaState.FAILED;
        unused = takeMetrics(r); // a replica that never served reports nothing
      } else if (metersClosed || r.state == ReplicaState.CLOSED) { // closed or drained while it opened: nothing else closes it
        r.state = ReplicaState.CLOSED;
        late = r.executor;
        r.executor = null;
        unused = takeMetrics(r);
      } else if (!closing) {
        r.state = ReplicaState.READY;
        idle.add(r);
      }
    }
    if (late != null) {
      closeQuietly(late);
    }
    if (unused != null) {
      quietly(unused::close);
    }
    if (failure == null) {
      dispatch(false);
    }
  }

  /** The replica's meters, to close outside the lock; it reports to none from now on (caller holds the lock). */
  private static PodMetrics takeMetrics(Replica r) {
    PodMetrics m = r.metrics;
    r.metrics = PodMetrics.none();
    return m;
  }

  /** Requests waiting or running here, for load balancing. */
  synchronized int load() {
    return queue.size() + busy;
  }

  /** Requests waiting for a free replica. */
  synchronized int queued() {
    return queue.size();
  }

  /** Requests a replica is running now. */
  private synchronized long running() {
    return busy;
  }

  /** Whether a replica is READY and its executor says it can take requests. */
  synchronized boolean ready() {
    return replicas.stream().anyMatch(ReplicaGroup::serving);
  }

  private static boolean serving(Replica r) {
    return r.state == ReplicaState.READY && r.executor != null && r.executor.isReady();
  }

  /**
   * The idle replica to use next (caller holds the lock): one whose executor is ready; if none is,
   * null while a busy replica is ready (it takes the work when free), else any idle one, so that
   * requests fail fast instead of waiting on a pod with no ready replica.
   */
  private Replica pickIdle() {
    for (Replica r : idle) {
      if (r.executor != null && r.executor.isReady()) {
        idle.remove(r);
        return r;
      }
    }
    boolean readyElsewhere = replicas.stream().anyMatch(r -> r.busy && serving(r));
    return readyElsewhere ? null : idle.poll();
  }

  /** A snapshot of every replica. */
  synchronized List<ReplicaStatus> status() {
    List<ReplicaStatus> out = new ArrayList<>();
    replicas.forEach(r -> out.add(new ReplicaStatus(r.label, r.state, r.served, r.busy ? 1 : 0)));
    return out;
  }

  /** Every executor instance now (for dumps). */
  synchronized List<Executor> executors() {
    List<Executor> out = new ArrayList<>();
    replicas.stream().filter(r -> r.state == ReplicaState.READY && r.executor != null).forEach(r -> out.add(r.executor));
    return out;
  }

  /**
   * Runs {@code work} on an idle replica's executor; completes with the replica that served it. Work
   * whose caller gave up ({@code abandoned}) while it waited is skipped. Work that would have to wait
   * beyond the queue's limits fails at once with RESOURCE_EXHAUSTED.
   *
   * @param bytes the estimated size of the request the work is for (0 for control work)
   */
  CompletableFuture<Served> submit(Function<Executor, CompletionStage<?>> work, BooleanSupplier abandoned, long bytes) {
    return submit(work, abandoned, bytes, null);
  }

  /**
   * {@link #submit(Function, BooleanSupplier, long)} for one pass of a request: the replica that runs it
   * reports it to its meters and to the hop's span, and has its id in the MDC while the executor is called.
   */
  CompletableFuture<Served> submit(Function<Executor, CompletionStage<?>> work, BooleanSupplier abandoned, long bytes, Hop hop) {
    return enqueue(new Task(work, abandoned, bytes, hop));
  }

  /**
   * {@link #submit(Function, BooleanSupplier, long, Hop)} for a pass that runs {@code call} on one
   * request: with dynamic batching, the group may run it with other waiting requests as one merged
   * request, then hands {@code request} its documents back.
   */
  CompletableFuture<Served> submit(Request request, BiFunction<Executor, Request, CompletionStage<?>> call, BooleanSupplier abandoned,
      long bytes, Hop hop) {
    Task task = new Task(e -> call.apply(e, request), abandoned, bytes, hop);
    task.request = request;
    task.call = call;
    if (batching != null && RequestBatch.key(request) != null) {
      task.checked = true; // alone or not, the same call path and checks: an executor that breaks the rule fails at once
      if (RequestBatch.size(request) < batching.preferredBatchSize()) { // a full one runs alone, at once
        task.key = RequestBatch.key(request);
      }
    }
    return enqueue(task);
  }

  private CompletableFuture<Served> enqueue(Task task) {
    Hop hop = task.hop;
    List<Task> dropped = new ArrayList<>();
    List<Work> flushed = new ArrayList<>(0);
    FlowException refused;
    synchronized (this) {
      if (closing) {
        task.result.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod + "' is closing"));
        return task.result;
      }
      refused = queue.refusal(task, idle.size());
      if (refused != null) { // work its callers gave up on must not hold the room: drop it, then look again
        queue.dropAbandoned(dropped);
        refused = queue.refusal(task, idle.size());
      }
      while (refused != null && batching != null) { // a full queue runs its oldest batch on an idle replica now, never refuses beside it
        Work w = take(dropped, true);
        if (w == null) {
          break;
        }
        flushed.add(w);
        refused = queue.refusal(task, idle.size());
      }
      if (refused == null) {
        queue.add(task);
      }
    }
    dropped.forEach(t -> t.result.complete(new Served(label, false)));
    flushed.forEach(this::start);
    if (refused != null) {
      quietly(() -> shedMetrics().shed());
      if (hop != null) {
        RequestMdc.debug(LOG, hop.requestId, refused.getMessage()); // the client's to retry: no stack trace
      }
      task.result.completeExceptionally(refused);
      return task.result;
    }
    dispatch(true);
    return task.result;
  }

  /** The group's meters for refusals, made at the first one outside the lock (none once the group closed). */
  private PodMetrics shedMetrics() {
    synchronized (this) {
      if (shedMetrics != null || metersClosed) {
        return shedMetrics != null ? shedMetrics : PodMetrics.none();
      }
    }
    PodMetrics made = telemetry.pod(flow, pod, label);
    PodMetrics kept;
    synchronized (this) {
      if (shedMetrics == null && !metersClosed) {
        shedMetrics = made;
      }
      kept = shedMetrics;
    }
    if (kept != made) { // another refusal made them first, or the group closed meanwhile
      quietly(made::close);
    }
    return kept != null ? kept : PodMetrics.none();
  }

  /** A replica made busy with the tasks it runs next; {@code inline} when its executor is {@link NonBlocking}. */
  private record Work(Replica replica, List<Task> tasks, boolean inline) {}

  /**
   * Starts on idle replicas what waits for them, on the pool, but for {@code here} (called by the thread
   * that brought a request): then the first work of a {@link NonBlocking} executor runs on this thread,
   * after the rest went to the pool, within the bound of {@link InlineRuns}. A replica that frees itself
   * never runs the next work inline, so one thread never runs a queue's requests one inside another.
   */
  private void dispatch(boolean here) {
    Work mine = null;
    while (true) {
      Work w;
      List<Task> dropped = new ArrayList<>(0);
      synchronized (this) {
        w = take(dropped, false);
      }
      dropped.forEach(t -> t.result.complete(new Served(label, false)));
      if (w == null) {
        if (!dropped.isEmpty()) {
          finishClose();
        }
        break;
      }
      if (here && mine == null && w.inline() && InlineRuns.mayRunHere()) {
        mine = w;
      } else {
        start(w);
      }
    }
    if (mine != null) {
      call(mine).run();
    }
  }

  /**
   * The next work for an idle replica, taken out of the queue, or null when none can start now (caller
   * holds the lock); under batching, tasks whose callers gave up go to {@code dropped} first, and with
   * {@code flush} (or when the queue is at a limit, or the group closing) the oldest batch goes without waiting more.
   */
  private Work take(List<Task> dropped, boolean flush) {
    if (queue.isEmpty() || idle.isEmpty()) {
      return null;
    }
    if (batching != null) {
      queue.dropAbandoned(dropped); // a request whose caller gave up never joins a batch
    }
    List<Task> batch = queue.next(flush || closing);
    Replica r = batch == null ? null : pickIdle();
    if (r == null) {
      return null;
    }
    queue.remove(batch);
    r.busy = true;
    busy++;
    return new Work(r, batch, r.executor instanceof NonBlocking);
  }

  /** The turn of {@code w}'s replica on its tasks, freeing the replica when it ends. */
  private ReplicaCall call(Work w) {
    return new ReplicaCall(pod, w.replica(), w.tasks(), ran -> ended(w.replica(), ran));
  }

  /** Runs {@code w} on the pool; when the pool refuses, fails its tasks and frees its replica. */
  private void start(Work w) {
    try {
      pool.execute(() -> call(w).run());
    } catch (RejectedExecutionException e) {
      w.tasks().forEach(t -> t.result.completeExceptionally(new FlowException(Status.Code.UNAVAILABLE, "pod '" + pod + "' is closed", e)));
      release(w.replica());
    }
  }

  /** Counts the {@code ran} tasks {@code r} served, then frees it. */
  private void ended(Replica r, int ran) {
    synchronized (this) {
      r.served += ran;
    }
    release(r);
  }

  private void release(Replica r) {
    boolean retired = false;
    Executor executor = null;
    PodMetrics metrics = null;
    synchronized (this) {
      busy--;
      r.busy = false;
      if (r.state == ReplicaState.DRAINING) {
        retired = true;
        executor = retire(r);
        metrics = takeMetrics(r);
        retiring.add(r.gone); // the group's close waits for it
      } else {
        idle.add(r);
      }
    }
    if (retired) {
      closeRetiredLater(r, executor, metrics);
    }
    dispatch(false);
    finishClose();
  }

  /**
   * Closes a retired replica on the pool, not on the thread that freed it: that thread completes the
   * replica's last request, whose answer must not wait for the close (a container stops for up to 10 s).
   */
  private void closeRetiredLater(Replica r, Executor executor, PodMetrics metrics) {
    r.gone.whenComplete((v, e) -> {
      synchronized (this) {
        retiring.remove(r.gone);
      }
    });
    try {
      pool.execute(() -> closeRetired(r, executor, metrics));
    } catch (RejectedExecutionException e) { // the pool is shut down: nothing else is left to wait on
      closeRetired(r, executor, metrics);
    }
  }

  /** Marks a drained replica closed and removes it (caller holds the lock); returns its executor to close. */
  private Executor retire(Replica r) {
    r.state = ReplicaState.CLOSED;
    replicas.remove(r);
    Executor e = r.executor;
    r.executor = null;
    return e;
  }

  /** Closes a retired replica's executor and meters (after its last report), then says it is gone. */
  private void closeRetired(Replica r, Executor executor, PodMetrics metrics) {
    try {
      if (executor != null) {
        closeQuietly(executor);
      }
      quietly(metrics::close);
    } finally {
      r.gone.complete(null);
    }
  }

  /** Stops giving {@code r} work; it closes once it finishes what it holds. */
  private CompletableFuture<Void> drain(Replica r) {
    boolean retired = false;
    Executor executor = null;
    PodMetrics metrics = null;
    synchronized (this) {
      if (r.state == ReplicaState.CLOSED) {
        return r.gone;
      }
      idle.remove(r);
      r.state = ReplicaState.DRAINING;
      if (!r.busy) {
        retired = true;
        executor = retire(r);
        metrics = takeMetrics(r);
        retiring.add(r.gone); // the group's close waits for it
      }
    }
    if (retired) {
      closeRetiredLater(r, executor, metrics);
    }
    return r.gone;
  }

  /**
   * Sets the number of serving replicas: starts new ones, or drains the surplus (idle ones first, then the highest slots).
   * Replicas that failed to open are removed. Completes when the new replicas are READY and the
   * drained ones CLOSED.
   */
  CompletableFuture<Void> scale(int count) {
    List<CompletableFuture<Void>> work = new ArrayList<>();
    List<Replica> surplus = new ArrayList<>();
    synchronized (this) {
      replicas.removeIf(r -> r.state == ReplicaState.FAILED);
      List<Replica> active = new ArrayList<>();
      replicas.stream().filter(r -> r.state == ReplicaState.READY || r.state == ReplicaState.STARTING).forEach(active::add);
      for (int i = active.size(); i < count; i++) {
        work.add(start(freeIndex()).opened);
      }
      // idle first, then the highest slots, so scaling back down leaves the labels it started with
      active.sort((a, b) -> a.busy != b.busy ? Boolean.compare(a.busy, b.busy) : Integer.compare(b.index, a.index));
      for (int i = count; i < active.size(); i++) {
        surplus.add(active.get(i - count));
      }
    }
    surplus.forEach(r -> work.add(drain(r)));
    return CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
  }

  /**
   * Replaces every serving replica, one at a time, with one made by {@code factory} and opened with
   * {@code with} in the same slot (so under the same label): the new one opens before the old one
   * drains, so the group never lacks a ready replica, and reports {@code restarted()} once ready.
   * Stops at the first replica that fails to open, leaving the old ones serving.
   */
  CompletableFuture<Void> replace(Supplier<? extends Executor> factory, JsonMap with) {
    List<Replica> old;
    synchronized (this) {
      this.factory = factory;
      this.with = with;
      old = new ArrayList<>();
      replicas.stream().filter(r -> r.state == ReplicaState.READY || r.state == ReplicaState.FAILED).forEach(old::add);
    }
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Replica r : old) {
      chain = chain.thenCompose(v -> {
        Replica fresh;
        synchronized (this) {
          fresh = start(r.index);
        }
        return fresh.opened.thenCompose(x -> {
          quietly(fresh.metrics::restarted);
          return drain(r);
        });
      });
    }
    return chain;
  }

  /**
   * Closes every executor (opened or not) once the work already queued is done; later submissions fail
   * with UNAVAILABLE. Never fails; calling it again returns the same future.
   */
  CompletableFuture<Void> close() {
    synchronized (this) {
      closing = true;
    }
    dispatch(false); // what waits for its batch runs now: a drain must not wait for the batch timer
    finishClose();
    return closed;
  }

  private void finishClose() {
    List<Executor> executors = new ArrayList<>();
    List<PodMetrics> meters = new ArrayList<>();
    List<CompletableFuture<Void>> pending;
    synchronized (this) {
      if (!closing || metersClosed || busy > 0 || !queue.isEmpty()) {
        return;
      }
      metersClosed = true;
      queue.cancelTimer();
      for (Replica r : replicas) {
        if (r.executor != null) {
          executors.add(r.executor);
          r.executor = null;
        }
        meters.add(takeMetrics(r));
        r.state = ReplicaState.CLOSED;
      }
      if (shedMetrics != null) {
        meters.add(shedMetrics);
        shedMetrics = null;
      }
      idle.clear();
      pending = new ArrayList<>(retiring);
    }
    // each executor closes on the pool, all at once: this may be the thread of the last request, whose
    // answer must not wait, and containers take seconds each to stop
    List<CompletableFuture<Void>> closing = new ArrayList<>(pending);
    for (Executor e : executors) {
      closing.add(closeOnPool(e));
    }
    CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).whenComplete((v, x) -> {
      try {
        meters.forEach(m -> quietly(m::close));
        quietly(gauges);
      } finally { // closed once every executor, and the replicas retired before, are closed
        closed.complete(null);
      }
    });
  }

  /** Closes {@code e} on the pool (on this thread when the pool refuses); completes once it is closed. */
  private CompletableFuture<Void> closeOnPool(Executor e) {
    try {
      return CompletableFuture.runAsync(() -> closeQuietly(e), pool);
    } catch (RejectedExecutionException refused) { // the pool is shut down
      closeQuietly(e);
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * Runs one report to the meters (a close, a count); a failure is logged and goes no further, so the
   * group's own work (a refusal's answer, a drain, a close) goes on. The Flow's telemetry is guarded
   * already: this is for a bug, or a group made with a raw telemetry.
   */
  private void quietly(AutoCloseable report) {
    report(pod, report);
  }

  /** {@link #quietly} for pod {@code pod}, for the group's parts. */
  static void report(String pod, AutoCloseable report) {
    try {
      report.close();
    } catch (Exception | LinkageError | AssertionError e) {
      LOG.warn("reporting to the meters of pod '{}' failed", pod, e);
    }
  }

  private void closeQuietly(Executor e) {
    try {
      e.close();
    } catch (Exception ex) {
      LOG.warn("closing an executor of pod '{}' failed", pod, ex);
    }
  }
}
