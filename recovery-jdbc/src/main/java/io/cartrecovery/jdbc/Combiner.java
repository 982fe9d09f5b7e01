package io.cartrecovery.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Combines concurrent writes of one kind (the compare-and-sets that claim or complete steps on different threads):
 * writes that arrive while another group runs make up the next group, so that many share a round trip or two and,
 * in a transaction, one flush of the database's log. A write returns only after its own group committed, so it is
 * as durable and as atomic as one on its own.
 *
 * <p>There is no extra wait: the first caller to find no group running runs whatever is queued (its own call
 * included) and goes on while more arrive; the others wait for their result. When a group fails before its
 * commit, it is rolled back and every write in it runs again alone, so that one bad write fails only itself; when
 * the commit of a transaction fails, every write of the group fails with it (it may have taken effect, so none
 * runs again). Without a transaction (claims: one statement in auto-commit mode) a failed group
 * always runs again write by write, which suits compare-and-sets: one that took effect before the failure finds
 * the new version and returns {@code false}.
 *
 * @param <T> one write
 * @param <R> its result
 */
final class Combiner<T, R> {
    /** Most writes in one group. */
    static final int MAX_GROUP = 64;

    /** Runs a group of writes on one connection; returns one result per write, in order. */
    @FunctionalInterface
    interface Batch<T, R> {
        List<R> run(Connection connection, List<T> items) throws SQLException;
    }

    private record Pending<T, R>(T item, CompletableFuture<R> result) {}

    private final Jdbc jdbc;
    private final String what;
    private final Batch<T, R> batch;
    private final boolean transaction;
    private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param what        what a group does, for error messages ("update sequences")
     * @param transaction whether a group runs in a transaction of its own, or in auto-commit mode
     */
    Combiner(Jdbc jdbc, String what, Batch<T, R> batch, boolean transaction) {
        this.jdbc = jdbc;
        this.what = what;
        this.batch = batch;
        this.transaction = transaction;
    }

    /** Runs {@code item} with whatever writes are queued with it; returns its result once its group committed. */
    R run(T item) {
        Pending<T, R> mine = new Pending<>(item, new CompletableFuture<>());
        queue.add(mine);
        // A caller that finds a group running leaves its write to that group's runner, which looks at the queue
        // again after letting go; so every queued write is taken, by that runner or by a later one.
        do {
            if (!running.compareAndSet(false, true)) {
                break;
            }
            try {
                runQueued();
            } finally {
                running.set(false);
            }
        } while (!queue.isEmpty());
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        }
    }

    /** Calls waiting for a group; for tests. */
    int queued() {
        return queue.size();
    }

    private void runQueued() {
        for (List<Pending<T, R>> group = take(); !group.isEmpty(); group = take()) {
            runGroup(group);
        }
    }

    private List<Pending<T, R>> take() {
        List<Pending<T, R>> group = new ArrayList<>();
        while (group.size() < MAX_GROUP) {
            Pending<T, R> next = queue.poll();
            if (next == null) {
                break;
            }
            group.add(next);
        }
        return group;
    }

    private void runGroup(List<Pending<T, R>> group) {
        List<T> items = new ArrayList<>(group.size());
        group.forEach(pending -> items.add(pending.item()));
        boolean[] ran = new boolean[1];
        List<R> results;
        try {
            Jdbc.Work<List<R>> work = connection -> {
                List<R> out = batch.run(connection, items);
                ran[0] = true;
                return out;
            };
            results = transaction ? jdbc.transaction(what, null, work) : jdbc.run(what, work);
        } catch (RuntimeException | Error failed) {
            if (group.size() == 1 || (transaction && ran[0])) {
                // Alone, or the commit itself failed: whether it took effect is unknown, so nothing runs again.
                group.forEach(pending -> pending.result().completeExceptionally(failed));
            } else {
                group.forEach(pending -> runGroup(List.of(pending)));
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(results.get(i));
        }
    }
}
