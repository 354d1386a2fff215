package com.verdictdigest.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import com.verdictdigest.delivery.DeliveryRepository.SentMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "sent" marks of a run. A sender's call returns once its mark is durable, before it sends
 * its next message, so a crash duplicates at most one message per sender; two ways to get there:
 *
 * <ul>
 * <li>With a {@link SentMarkJournal} (H2 file databases): the mark is appended to the journal, and
 * the marks reach the ledger in batches of up to {@value #FOLD_AT} in one transaction, when a
 * batch is full and at each {@link #flush} (the engine calls it about twice a second and at the
 * end of each wave). Until then the rows stay claimed; a sender gives back only its untried rows.
 * <li>Without (PostgreSQL, in-memory H2): group commit. A sender queues its mark and takes the
 * commit lock; whoever holds it writes every mark queued so far in one transaction, so the
 * senders that finished meanwhile share a commit instead of paying one each.
 * </ul>
 */
final class SentMarks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentMarks.class);
    private static final int MAX_BATCH = 64;
    static final int FOLD_AT = 256;

    private final DeliveryRepository repo;
    private final ReentrantLock commit = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final SentMarkJournal journal;
    /** Journaled marks not yet in the ledger, in the order they were appended; guarded by itself. */
    private final List<SentMark> unwritten = new ArrayList<>();
    private final ReentrantLock fold = new ReentrantLock();

    /** Group commit only. */
    SentMarks(DeliveryRepository repo) {
        this(repo, null);
    }

    /** @param journal null: group commit */
    SentMarks(DeliveryRepository repo, SentMarkJournal journal) {
        this.repo = repo;
        this.journal = journal;
    }

    /** For a test that plays a process dying with its marks unwritten. */
    SentMarkJournal journalForTest() {
        return journal;
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

    /**
     * @return false if the claim was lost meanwhile (see {@link DeliveryRepository#markSent(List)});
     *         journaled, always true (a lost claim is logged when the batch is written)
     */
    boolean markSent(SentMark mark) {
        if (journal != null) {
            boolean full;
            synchronized (unwritten) {
                journal.append(mark);
                unwritten.add(mark);
                full = unwritten.size() >= FOLD_AT;
            }
            if (full) {
                flush();
            }
            return true;
        }
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

    /**
     * Writes the journaled marks to the ledger in one transaction, then deletes their journal
     * segments. On failure they stay in the journal and are tried again at the next call.
     */
    void flush() {
        if (journal == null) {
            return;
        }
        fold.lock();
        try {
            List<SentMark> batch;
            synchronized (unwritten) {
                if (unwritten.isEmpty()) {
                    return;
                }
                journal.rotate();
                batch = List.copyOf(unwritten);
                unwritten.clear();
            }
            boolean[] held;
            try {
                held = repo.markSentCommitted(batch);
            } catch (RuntimeException e) {
                synchronized (unwritten) {
                    unwritten.addAll(0, batch);
                }
                throw e;
            }
            journal.deleteCommitted();
            for (int i = 0; i < held.length; i++) {
                if (!held[i]) {
                    log.warn("ledger row {} was sent after its claim {} was lost (lease ran out); it may go out twice",
                            batch.get(i).id(), batch.get(i).claimId());
                }
            }
        } finally {
            fold.unlock();
        }
    }

    /** Writes what is left; the journal's files go if that worked, and stay for recovery if not. */
    @Override
    public void close() {
        if (journal == null) {
            return;
        }
        boolean written = false;
        try {
            flush();
            written = true;
        } catch (RuntimeException e) {
            log.error("sent marks not written to the ledger at the end of the run; they stay in the journal: {}", e.toString());
        } finally {
            journal.close(written);
        }
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
