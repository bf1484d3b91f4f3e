package dev.jflow.core.internal;

import dev.jflow.api.DynamicBatching;
import dev.jflow.api.FlowException;
import dev.jflow.api.Status;
import dev.jflow.core.internal.ReplicaGroup.Task;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ScheduledFuture;

/**
 * The requests of a {@link ReplicaGroup} waiting for a replica: bounded by count and estimated bytes (a
 * request that would wait beyond either is refused), with, under {@link DynamicBatching}, the batch
 * forming ({@link BatchForming}) and the one timer that wakes the group when the oldest batch is due.
 * Not thread-safe: every method but the timer's runs under the group's lock, which the timer takes too.
 */
final class WaitingQueue {
  private final String pod;
  private final String label;
  private final int maxQueue;
  private final long maxQueueBytes;
  private final BatchForming forming; // null without batching
  private final Object lock;
  private final Runnable wake;
  private final Queue<Task> queue = new ArrayDeque<>();
  private long queuedBytes;
  private ScheduledFuture<?> timer; // null once it fired or was cancelled
  private long timerDue;
  private long timerGeneration; // which timer is current, so a cancelled one that fires late clears nothing

  /**
   * A queue of pod {@code pod}'s group {@code label} ("" for its only one); {@code batching} null for
   * none; {@code wake} runs (without the lock) when the oldest batch is due; {@code lock} guards it.
   */
  WaitingQueue(String pod, String label, int maxQueue, long maxQueueBytes, DynamicBatching batching, Object lock, Runnable wake) {
    this.pod = pod;
    this.label = label;
    this.maxQueue = maxQueue;
    this.maxQueueBytes = maxQueueBytes;
    this.forming = batching == null ? null : new BatchForming(batching);
    this.lock = lock;
    this.wake = wake;
  }

  boolean batching() {
    return forming != null;
  }

  int size() {
    return queue.size();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  void add(Task task) {
    queue.add(task);
    queuedBytes += task.bytes;
  }

  /** Why {@code task} cannot wait here while {@code idle} replicas are free, or null when it can. */
  FlowException refusal(Task task, int idle) {
    boolean waits = queue.size() >= idle; // no idle replica is left for it
    if (!waits) {
      return null;
    }
    String where = "pod '" + pod + "'" + (label.isEmpty() ? "" : " (" + label + ")");
    // under batching a request waits for its batch too; a full queue is refused only when no replica is free to run it
    String waiting = forming == null ? "wait for a free replica" : "wait for their dynamic batch while every replica is busy";
    if (queue.size() >= maxQueue) {
      return new FlowException(Status.Code.RESOURCE_EXHAUSTED, where + " refused a request: " + queue.size()
          + " requests already " + waiting + ", its limit (max_queue " + maxQueue + "). Retry later"
          + " (CallOptions.maxAttempts), send fewer requests at once, or raise the pod's maxQueue or replicas");
    }
    if (queuedBytes + task.bytes > maxQueueBytes) {
      return new FlowException(Status.Code.RESOURCE_EXHAUSTED, where + " refused a request of about " + task.bytes
          + " bytes: " + queuedBytes + " bytes already " + waiting + " and the limit is " + maxQueueBytes
          + " (max_queue_bytes). Retry later (CallOptions.maxAttempts), send smaller requests, or raise the pod's"
          + " maxQueueBytes or replicas");
    }
    return null;
  }

  /** Takes the waiting tasks whose callers gave up out of the queue into {@code into}. */
  void dropAbandoned(List<Task> into) {
    for (Iterator<Task> it = queue.iterator(); it.hasNext(); ) {
      Task t = it.next();
      if (t.gaveUp(pod)) {
        it.remove();
        queuedBytes -= t.bytes;
        into.add(t);
      }
    }
    if (queue.isEmpty()) { // nothing waits for it: no timer outlives the requests
      cancelTimer();
    }
  }

  /**
   * The tasks to run next (the oldest, or under batching the batch that is ready; not removed), or null
   * when every batch still waits for more, after arming the timer for the oldest. With {@code flush}, or
   * when the queue is at one of its limits (it could take no more), the oldest batch waits no more.
   */
  List<Task> next(boolean flush) {
    if (queue.isEmpty()) {
      return null;
    }
    if (forming == null) {
      return List.of(queue.peek());
    }
    long now = System.nanoTime();
    boolean full = queue.size() >= maxQueue || queuedBytes >= maxQueueBytes;
    BatchForming.Choice<Task> choice = forming.next(queue, now, flush || full);
    if (choice.batch() == null) {
      arm(choice.due(), now);
    }
    return choice.batch();
  }

  /** Takes {@code tasks} (from {@link #next}) out of the queue. */
  void remove(List<Task> tasks) {
    for (Task t : tasks) {
      queue.remove(t);
      queuedBytes -= t.bytes;
    }
    if (queue.isEmpty()) { // nothing waits for it: no timer outlives the requests
      cancelTimer();
    }
  }

  /** Makes sure {@code wake} runs at {@code due} (nanoTime) or earlier. */
  private void arm(long due, long now) {
    if (timer != null && timerDue <= due) { // a timer that fired cleared itself first, so this one is still to come
      return;
    }
    cancelTimer();
    timerDue = due;
    long generation = ++timerGeneration;
    timer = dev.jflow.api.internal.Timers.schedule(() -> fired(generation), Math.max(1, (due - now + 999_999) / 1_000_000));
  }

  /**
   * The timer of {@code generation} fired: it forgets itself before waking the group, so the wake-up (or
   * any other) arms a new one; a future's {@code isDone()} cannot tell, it turns true only after the
   * wake-up is handed on.
   */
  private void fired(long generation) {
    synchronized (lock) {
      if (generation == timerGeneration) {
        timer = null;
      }
    }
    wake.run();
  }

  /** Cancels the timer, if any. */
  void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
