package com.verdictdigest.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import com.verdictdigest.delivery.DeliveryRepository.SentMark;

/**
 * Group commit of "sent" marks. A sender queues its mark and takes the commit lock; whoever holds
 * it writes every mark queued so far in one transaction, so the senders that finished meanwhile
 * share a commit instead of paying one each. Each sender still returns only once its own mark is
 * committed, before it sends its next message: the duplicate bound after a crash is unchanged.
 */
final class SentMarks {

    private static final int MAX_BATCH = 64;

    private final DeliveryRepository repo;
    private final ReentrantLock commit = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

    SentMarks(DeliveryRepository repo) {
        this.repo = repo;
    }

    private static final class Pending {
        final SentMark mark;
        boolean done;
        boolean held;
        RuntimeException failure;

        Pending(SentMark mark) {
            this.mark = mark;
        }
    }

    /** @return false if the claim was lost meanwhile (see {@link DeliveryRepository#markSent(List)}) */
    boolean markSent(SentMark mark) {
        Pending mine = new Pending(mark);
        queue.add(mine);
        commit.lock();
        try {
            // Queued before the lock was taken: either an earlier holder wrote it, or it is in the queue now.
            while (!mine.done) {
                List<Pending> batch = new ArrayList<>();
                for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
                    batch.add(p);
                }
                write(batch);
            }
        } finally {
            commit.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.held;
    }

    private void write(List<Pending> batch) {
        try {
            boolean[] held = repo.markSent(batch.stream().map(p -> p.mark).toList());
            for (int i = 0; i < held.length; i++) {
                batch.get(i).held = held[i];
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.failure = e);
        }
        batch.forEach(p -> p.done = true);
    }
}
