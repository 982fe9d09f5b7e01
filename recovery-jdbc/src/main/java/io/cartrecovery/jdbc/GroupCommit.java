package io.cartrecovery.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit for independent single-statement writes (the compare-and-sets that complete steps): writes that
 * arrive while another group is committing share the next transaction, so that many wait for one flush of the
 * database's log instead of one each. A write returns only after its own group committed, so it is as durable
 * and as atomic as one in its own transaction.
 *
 * <p>There is no extra wait: the first writer to find no group running commits whatever is queued (itself
 * included) and goes on while more arrive; the others wait for their result. When a statement of a group fails,
 * the group is rolled back and every write in it runs again alone, so that one bad write fails only itself; when
 * the commit fails, every write of the group fails with it (it may have taken effect, so none runs again).
 */
final class GroupCommit {
    /** Most writes in one transaction. */
    static final int MAX_GROUP = 64;

    private record Pending(String what, Jdbc.Work<Boolean> work, CompletableFuture<Boolean> result) {}

    private final Jdbc jdbc;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean committing = new AtomicBoolean();

    GroupCommit(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs {@code work} in a shared transaction and returns its result once that transaction committed. */
    boolean run(String what, Jdbc.Work<Boolean> work) {
        Pending mine = new Pending(what, work, new CompletableFuture<>());
        queue.add(mine);
        // A writer that finds a group committing leaves its write to that committer, which looks at the queue
        // again after letting go; so every queued write is taken, by that committer or by a later one.
        do {
            if (!committing.compareAndSet(false, true)) {
                break;
            }
            try {
                commitQueued();
            } finally {
                committing.set(false);
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

    private void commitQueued() {
        for (List<Pending> group = take(); !group.isEmpty(); group = take()) {
            commit(group);
        }
    }

    private void commit(List<Pending> group) {
        List<Boolean> results;
        List<Boolean> written = new ArrayList<>(group.size());
        try {
            results = jdbc.transaction("complete steps together", null, connection -> {
                for (Pending pending : group) {
                    written.add(pending.work().run(connection));
                }
                return written;
            });
        } catch (RuntimeException | Error groupFailed) {
            if (written.size() == group.size()) {
                // The commit itself failed: whether it took effect is unknown, so no write may run again.
                group.forEach(pending -> pending.result().completeExceptionally(groupFailed));
            } else {
                group.forEach(this::runAlone);
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(results.get(i));
        }
    }

    /** Writes waiting for a group; for tests. */
    int queued() {
        return queue.size();
    }

    private List<Pending> take() {
        List<Pending> group = new ArrayList<>();
        while (group.size() < MAX_GROUP) {
            Pending next = queue.poll();
            if (next == null) {
                break;
            }
            group.add(next);
        }
        return group;
    }

    private void runAlone(Pending pending) {
        try {
            pending.result().complete(jdbc.run(pending.what(), pending.work()));
        } catch (RuntimeException | Error e) {
            pending.result().completeExceptionally(e);
        }
    }
}
