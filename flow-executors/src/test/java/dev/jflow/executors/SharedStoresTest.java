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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  @Test
  void anAcquireWhileTheLastHolderClosesWaitsForTheCloseThenOpensAfresh() throws Exception {
    CountDownLatch closing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger openWhileClosing = new AtomicInteger();
    final class SlowStore implements AutoCloseable {
      volatile boolean open = true;

      @Override
      public void close() {
        closing.countDown();
        try {
          assertTrue(release.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        open = false;
      }
    }
    List<SlowStore> stores = new java.util.concurrent.CopyOnWriteArrayList<>();
    SharedStores.Opener<SlowStore> opener = () -> {
      if (stores.stream().anyMatch(st -> st.open)) {
        openWhileClosing.incrementAndGet();
      }
      SlowStore st = new SlowStore();
      stores.add(st);
      return st;
    };
    SharedStores.Lease<SlowStore> old = SharedStores.acquire("slow", tmp, SlowStore.class, opener);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
        try {
          old.close();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }, pool);
      assertTrue(closing.await(10, TimeUnit.SECONDS), "the last holder is closing the store");
      CompletableFuture<SharedStores.Lease<SlowStore>> next = CompletableFuture.supplyAsync(() -> {
        try {
          return SharedStores.acquire("slow", tmp, SlowStore.class, opener);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }, pool);
      assertThrows(TimeoutException.class, () -> next.get(300, TimeUnit.MILLISECONDS), "it waits for the close");
      release.countDown();
      closed.get(10, TimeUnit.SECONDS);
      try (SharedStores.Lease<SlowStore> lease = next.get(10, TimeUnit.SECONDS)) {
        assertTrue(lease.first(), "a fresh store");
        assertNotSame(old.store(), lease.store());
        assertEquals(0, openWhileClosing.get(), "never two stores on one directory");
      }
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aSymbolicLinkToTheDirectoryFindsTheSameStore() throws Exception {
    Path link;
    try {
      link = java.nio.file.Files.createSymbolicLink(tmp.resolveSibling(tmp.getFileName() + "-link"), tmp);
    } catch (UnsupportedOperationException | IOException e) {
      return; // no symbolic links here
    }
    try (SharedStores.Lease<Store> a = acquire();
        SharedStores.Lease<Store> b = SharedStores.acquire("test", link, Store.class, Store::new)) {
      assertSame(a.store(), b.store());
    } finally {
      java.nio.file.Files.delete(link);
    }
  }
}
