package dev.jflow.executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedStoresTest {
  @TempDir
  Path tmp;

  private final AtomicInteger opened = new AtomicInteger();

  private static final class Store implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  private SharedStores.Lease<Store> acquire() throws IOException {
    return SharedStores.acquire("test", tmp, Store.class, () -> {
      opened.incrementAndGet();
      return new Store();
    });
  }

  @Test
  void concurrentFirstAcquiresOpenTheStoreOnce() throws Exception {
    int n = 8;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<SharedStores.Lease<Store>> leases = new ArrayList<>();
    try {
      List<CompletableFuture<SharedStores.Lease<Store>>> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await(10, TimeUnit.SECONDS);
            return acquire();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }, pool));
      }
      for (CompletableFuture<SharedStores.Lease<Store>> f : all) {
        leases.add(f.get(10, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, opened.get());
    assertEquals(1, leases.stream().filter(SharedStores.Lease::first).count(), "one lease opened it");
    Store store = leases.get(0).store();
    leases.forEach(l -> assertSame(store, l.store()));
    assertEquals(n, leases.get(0).holders());
    for (SharedStores.Lease<Store> l : leases) {
      l.close();
    }
    assertEquals(1, store.closes.get(), "closed once, by the last");
  }

  @Test
  void aFailedOpenIsNotKept() throws Exception {
    IOException e = assertThrows(IOException.class, () -> SharedStores.acquire("test", tmp, Store.class, () -> {
      throw new IOException("disk on fire");
    }));
    assertEquals("disk on fire", e.getMessage());
    try (SharedStores.Lease<Store> lease = acquire()) {
      assertTrue(lease.first(), "the next acquire opens it again");
      assertEquals(1, lease.holders());
      assertEquals(1, opened.get());
    }
  }

  @Test
  void theLastCloseClosesTheStoreAndTheNextAcquireOpensANewOne() throws Exception {
    SharedStores.Lease<Store> a = acquire();
    SharedStores.Lease<Store> b = acquire();
    Store store = a.store();
    assertTrue(a.first());
    assertTrue(!b.first());
    a.close();
    a.close(); // idempotent: still one holder
    assertEquals(1, b.holders());
    assertEquals(0, store.closes.get(), "a holder is left");
    b.close();
    assertEquals(1, store.closes.get());
    try (SharedStores.Lease<Store> c = acquire()) {
      assertTrue(c.first());
      assertNotSame(store, c.store());
      assertEquals(2, opened.get());
    }
  }
}
