package com.verdictdigest.delivery;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.EmailAddress;
import com.verdictdigest.mail.InvalidEmailException;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.mail.PersonalMail;
import com.verdictdigest.mail.PreparedMessage;
import com.verdictdigest.mail.SmtpChannel;
import com.verdictdigest.mail.SmtpOutcome;
import com.verdictdigest.mail.SmtpServerSettings;
import com.verdictdigest.subscribers.Suppressions;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Works on a running send until it is done, paused or cancelled: {@code connections} sender
 * threads, each with its own reused SMTP connection, each looping claim → render → send → mark.
 *
 * <p>Crash safety: a row is marked sent right after the server's 250, before its sender sends
 * again (in a journal beside an H2 database, by group commit on PostgreSQL: {@link SentMarks}),
 * and a claim is a lease. After a crash the claimed rows are retried once their lease runs out, so
 * nobody is skipped; the only messages that can go out twice are those handed to the server
 * whose 250 was not yet recorded: at most one per sender thread, so <b>duplicates ≤
 * {@code verdict.delivery.connections} per crashed instance</b>, on PostgreSQL and on H2 with
 * {@code WRITE_DELAY=0}. H2's default writes commits to its file up to 500 ms late, so a killed
 * process also loses the marks of that moment: no bound there ({@code SendCrashIT} asserts the bound
 * where it holds, and on H2's default that nobody is skipped).
 *
 * <p>Waves (local-time sends, and retries waiting for their time): the senders take only rows
 * that are due. When nothing is due soon they end and close their connections, and the run sleeps
 * until the next row's due instant without reading the database ({@link #awaitWave}); then new
 * senders take that wave, with the same claims, leases, marks and rate limit. A send is finished
 * only when no row is left, after its last wave. Each wave holds the same guarantees as a send to
 * everyone: a crash during a wave duplicates at most one message per sender thread, and a crash
 * between waves none; the instance that starts next (or a restarted one) reads the next due
 * instant from the ledger and waits for it.
 */
@Service
public class SendEngine {

    private static final Logger log = LoggerFactory.getLogger(SendEngine.class);
    private static final Duration STATE_CHECK = Duration.ofMillis(500);

    private final DeliveryRepository repo;
    private final SendStates states;
    private final MessageBuilder builder;
    private final DkimSigning dkim;
    private final DeliveryProperties props;
    private final SmtpChannel.Server server;
    private final Suppressions suppressions;
    private final ObjectProvider<IssueContent> content;
    private final DeliveryMetrics metrics;
    private final SendFeedback feedback;
    private final SendGuard guard;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final Map<Long, Run> active = new ConcurrentHashMap<>();
    /** Computed once: the database does not move. */
    private volatile Optional<Path> journalDir;

    SendEngine(DeliveryRepository repo, SendStates states, MessageBuilder builder, DkimSigning dkim,
               DeliveryProperties props, SmtpServerSettings server, Suppressions suppressions,
               ObjectProvider<IssueContent> content, DeliveryMetrics metrics, SendFeedback feedback, SendGuard guard,
               Clock clock) {
        this.repo = repo;
        this.states = states;
        this.builder = builder;
        this.dkim = dkim;
        this.props = props;
        this.server = server.server();
        this.suppressions = suppressions;
        this.content = content;
        this.metrics = metrics;
        this.feedback = feedback;
        this.guard = guard;
        this.clock = clock;
    }

    /** Whether this instance is working on the send now. */
    public boolean isActive(long issueNumber) {
        return active.containsKey(issueNumber);
    }

    /** Tells this instance's senders of the issue to stop after their current message (and wakes a waiting run). */
    void stopLocal(long issueNumber) {
        Run run = active.get(issueNumber);
        if (run != null) {
            run.stop();
        }
    }

    /**
     * A run of this instance waiting between waves: for which instant, and when it last read the
     * clock (it does so at least every {@code poll-interval}). Empty while it sends or when it has
     * no run of the issue.
     */
    public record Waiting(Instant until, Instant checkedAt) {
    }

    public Optional<Waiting> waiting(long issueNumber) {
        Run run = active.get(issueNumber);
        return run == null ? Optional.empty() : Optional.ofNullable(run.waiting);
    }

    /**
     * Sends until nothing is left to try now or later, or the send is no longer running: wave
     * after wave, waiting between them. A send with nothing left is done when this returns
     * ({@link SendFinished} is published).
     *
     * @param onTick called about twice a second from the calling thread while sending, and at
     *               every check of the clock while waiting for a wave (progress bars)
     * @return the send's state at the end
     */
    public SendState run(long issueNumber, Consumer<Long> onTick) throws InterruptedException {
        IssueContent issueContent = content.getIfAvailable();
        if (issueContent == null) {
            throw new IllegalStateException("no IssueContent bean: nothing knows how to render issue " + issueNumber);
        }
        if (active.containsKey(issueNumber)) {
            throw new IllegalStateException("issue " + issueNumber + " is already being sent by this instance");
        }
        Run run = new Run(issueNumber, issueContent, journalDir());
        if (active.putIfAbsent(issueNumber, run) != null) {
            run.marks.close();
            throw new IllegalStateException("issue " + issueNumber + " is already being sent by this instance");
        }
        try {
            while (true) {
                sendWhatIsDue(run, onTick);
                if (run.stopped || !isRunning(issueNumber)) {
                    break;
                }
                Optional<Instant> next = repo.nextDue(issueNumber);
                if (next.isEmpty() || !awaitWave(run, next.get(), onTick)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            run.stop();
            throw e;
        } finally {
            run.marks.close();
            active.remove(issueNumber);
        }
        states.finish(issueNumber);
        return repo.findSend(issueNumber).map(DeliveryRepository.SendRow::state).orElseThrow();
    }

    /** Where H2's sent-mark journals are (beside the database file); null on PostgreSQL and in-memory H2. */
    private Path journalDir() {
        Optional<Path> dir = journalDir;
        if (dir == null) {
            dir = repo.h2DatabasePath().map(SentMarkJournal::dirOf);
            journalDir = dir;
        }
        return dir.orElse(null);
    }

    /**
     * Writes to the ledger the journaled marks of runs whose process died: at start-up, before a
     * cancel (whose rows would otherwise be cancelled though they went out), and at each wave's
     * start and state check, before those rows' leases run out and a sender claims them again.
     */
    void recoverStoppedRuns() {
        try {
            Path dir = journalDir();
            if (dir != null) {
                SentMarkJournal.recover(dir, repo);
            }
        } catch (RuntimeException e) {
            log.warn("the sent-mark journals of stopped runs could not be written to the ledger yet: {}", e.toString());
        }
    }

    private boolean isRunning(long issueNumber) {
        return repo.findSend(issueNumber).map(s -> s.state() == SendState.RUNNING).orElse(false);
    }

    /**
     * Sleeps until {@code due} by this engine's clock, the wait between two waves: no claims, no
     * SMTP connection, one read of the send's state (by key) per {@code poll-interval} so that a
     * pause or cancel from another process or instance ends it. The clock is read again at each of
     * those wake-ups, so a clock that jumps (NTP, a resumed VM, a test's clock) is followed. A
     * pause or cancel in this process wakes it at once ({@link #stopLocal}).
     *
     * @return true when the wave is due and the send still running; false when it was stopped
     */
    private boolean awaitWave(Run run, Instant due, Consumer<Long> onTick) throws InterruptedException {
        log.info("issue {}: nothing due before {}; waiting for that wave", run.issue, due);
        try {
            while (!run.stopped) {
                Instant now = clock.instant();
                run.waiting = new Waiting(due, now);
                if (!now.isBefore(due)) {
                    return isRunning(run.issue);
                }
                long millis = Math.min(Duration.between(now, due).toMillis() + 1, props.pollInterval().toMillis());
                synchronized (run) {
                    if (!run.stopped) {
                        run.wait(Math.max(1, millis));
                    }
                }
                if (onTick != null) {
                    onTick.accept(run.issue);
                }
                if (!run.stopped && !clock.instant().isBefore(due)) {
                    continue; // due: the check at the top starts the wave
                }
                if (!isRunning(run.issue)) {
                    return false;
                }
            }
            return false;
        } finally {
            run.waiting = null;
        }
    }

    /**
     * One wave: {@code connections} sender threads claim → render → send → mark until nothing is
     * due soon (or the send stops), then close their connections.
     */
    private void sendWhatIsDue(Run run, Consumer<Long> onTick) throws InterruptedException {
        long issueNumber = run.issue;
        recoverStoppedRuns();
        run.startWave();
        ExecutorService pool = Executors.newFixedThreadPool(props.connections(), r -> {
            Thread t = new Thread(r, "send-" + issueNumber + "-" + run.threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int i = 0; i < props.connections(); i++) {
                senders.add(pool.submit(new Sender(run, instanceId + "-" + issueNumber + "-" + i)));
            }
            while (!senders.stream().allMatch(Future::isDone)) {
                Thread.sleep(STATE_CHECK.toMillis());
                run.flushMarks();
                recoverStoppedRuns();
                guardReputation(issueNumber);
                if (!isRunning(issueNumber)) {
                    run.stop();
                }
                if (onTick != null) {
                    onTick.accept(issueNumber);
                }
            }
            for (Future<?> f : senders) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    log.error("a sender of issue {} failed", issueNumber, e.getCause());
                }
            }
            // Rows sent in this wave stay claimed until their marks are written: before anyone asks what is left.
            run.marks.flush();
        } catch (InterruptedException e) {
            // Before the wait below: the senders must hear of the stop (SIGTERM) first, finish their
            // message and give their claims back, or they would go on until the wave is done.
            run.stop();
            throw e;
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Lets the guard pause the send when complaints or hard bounces pass their limits ({@link SendGuard}).
     *
     * @return whether it paused the send now
     */
    private boolean guardReputation(long issueNumber) {
        try {
            return guard.check(issueNumber);
        } catch (RuntimeException e) {
            log.warn("issue {}: the complaint and bounce guard failed: {}", issueNumber, e.toString());
            return false;
        }
    }

    /** One send as this instance works on it: the shared stop flag, rate limit and dead-server count. */
    private final class Run {
        final long issue;
        final IssueContent content;
        volatile Bucket bucket;
        final AtomicInteger connectFailures = new AtomicInteger();
        final AtomicInteger threads = new AtomicInteger();
        final SentMarks marks;
        volatile boolean stopped;
        volatile Waiting waiting;
        /** Whether this run knows the send's first mail is recorded (then it never asks again). */
        volatile boolean wentOut;

        Run(long issue, IssueContent content, Path journalDir) {
            this.issue = issue;
            this.content = content;
            this.marks = new SentMarks(repo, journalDir == null ? null : SentMarkJournal.open(journalDir));
        }

        /** The progress shown and the guard's counts lag the journal by at most a state check. */
        void flushMarks() {
            try {
                marks.flush();
            } catch (RuntimeException e) {
                log.warn("issue {}: sent marks not written to the ledger yet (they are in the journal): {}", issue, e.toString());
            }
        }


        /**
         * A fresh rate limit for each wave. It starts with one token, not a full second's worth: a
         * full bucket let the first second send twice the limit, and a bucket kept from the previous
         * wave is full after the wait.
         */
        void startWave() {
            long perSecond = Math.max(1, Math.round(props.maxPerSecond()));
            bucket = props.maxPerSecond() <= 0 ? null : Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1))
                            .initialTokens(1).build())
                    .build();
        }

        void stop() {
            stopped = true;
            synchronized (this) {
                notifyAll(); // a run waiting for its next wave
            }
        }

        /** The first mail went out: recorded once per send (the archive publishes the issue then). */
        void wentOut() {
            if (!wentOut) {
                wentOut = true;
                states.wentOut(issue);
            }
        }

        /** The server is gone: pause the send for everyone, with the reason the editor will see. */
        void pauseForDeadServer(String error) {
            String reason = "SMTP server %s:%d unreachable after %d connection attempts in a row: %s"
                    .formatted(server.host(), server.port(), connectFailures.get(), error);
            if (states.move(issue, List.of(SendState.RUNNING), SendState.PAUSED, reason, () -> new SendPaused(issue, reason))) {
                log.error("issue {}: send paused: {}", issue, reason);
            }
            stop();
        }
    }

    /** One sender thread: owns an SMTP connection and a DKIM signer, loops over claimed batches. */
    private final class Sender implements Runnable {
        private final Run run;
        private final String id;
        private final SmtpChannel channel = new SmtpChannel(server);
        private final DkimSigning.Signer signer = dkim.newSigner();
        private int batches;

        Sender(Run run, String id) {
            this.run = run;
            this.id = id;
        }

        @Override
        public void run() {
            metrics.activeSenders.incrementAndGet();
            try {
                while (!run.stopped) {
                    String claimId = id + "-" + (batches++);
                    List<ClaimedRow> rows = claim(claimId);
                    if (rows.isEmpty()) {
                        if (!waitForMore()) {
                            return;
                        }
                        continue;
                    }
                    // A claim is only trusted for half its lease: a slow batch (rate limit, retries) gives
                    // its rest back rather than risk another sender taking rows this one is still sending.
                    Instant trustUntil = clock.instant().plus(props.lease().dividedBy(2));
                    List<ClaimedRow> untried = null;
                    try {
                        untried = sendClaimed(claimId, rows, trustUntil);
                    } finally {
                        channel.abandonWrittenAhead();
                        giveBack(claimId, untried);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                channel.close();
                metrics.activeSenders.decrementAndGet();
            }
        }

        private List<ClaimedRow> claim(String claimId) {
            Instant now = clock.instant();
            long start = System.nanoTime();
            List<ClaimedRow> rows = repo.claim(run.issue, claimId, props.batchSize(), now, now.plus(props.lease()));
            metrics.claim.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return rows;
        }

        /**
         * Waits a moment when a row becomes due very soon (a retry, another sender's expired lease).
         *
         * @return false when nothing is left to claim soon: this sender ends; the run waits for the
         *         next wave with its connections closed ({@link #awaitWave})
         */
        private boolean waitForMore() throws InterruptedException {
            Instant due = repo.nextDue(run.issue).orElse(null);
            if (due == null) {
                return false;
            }
            long millis = Duration.between(clock.instant(), due).toMillis();
            if (millis > STATE_CHECK.toMillis()) {
                return false;
            }
            Thread.sleep(Math.max(50, millis));
            return true;
        }

        /**
         * The claimed rows in order, each copy built one ahead of its turn so that its envelope can
         * follow the previous copy's end of data on the wire ({@link SmtpChannel#send(MimeMessage,
         * String, String, String, String, Runnable)}), and the one after it built while the server
         * reads the copy just written (building and signing a copy costs about what the server's
         * reply takes to come back). A copy's content still goes out only after the previous copy's
         * mark is kept: the duplicate bound holds. Slow sends (under one message a second) do not
         * write ahead: the server would wait for content for as long.
         */
        private List<ClaimedRow> sendClaimed(String claimId, List<ClaimedRow> rows, Instant trustUntil) throws InterruptedException {
            boolean ahead = props.maxPerSecond() <= 0 || props.maxPerSecond() >= 1;
            Copies copies = new Copies(claimId, rows, ahead ? 2 : 1);
            while (true) {
                copies.fill();
                copies.rethrow();
                Copy current = copies.ready.poll();
                if (current == null) {
                    return List.of();
                }
                if (run.stopped || clock.instant().isAfter(trustUntil)) {
                    List<ClaimedRow> untried = new ArrayList<>();
                    untried.add(current.row());
                    copies.ready.forEach(c -> untried.add(c.row()));
                    untried.addAll(copies.unbuilt());
                    return untried;
                }
                deliver(claimId, current, copies.ready.peek(), ahead ? copies::fill : null);
            }
        }

        /** A claim's rows, built into copies in order, at most {@code depth} of them waiting. */
        private final class Copies {
            private final String claimId;
            private final List<ClaimedRow> rows;
            private final int depth;
            private final ArrayDeque<Copy> ready = new ArrayDeque<>();
            private int next;
            private RuntimeException failure;

            Copies(String claimId, List<ClaimedRow> rows, int depth) {
                this.claimId = claimId;
                this.rows = rows;
                this.depth = depth;
            }

            /** Builds copies until {@code depth} wait or the rows run out; a failure (the database's) waits for {@link #rethrow}. */
            void fill() {
                try {
                    while (failure == null && ready.size() < depth && next < rows.size()) {
                        Copy copy = prepare(claimId, rows.get(next++));
                        if (copy != null) {
                            ready.add(copy);
                        }
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }

            /** A failure while the server read a copy is thrown once that copy is marked, not while its reply is awaited. */
            void rethrow() {
                if (failure != null) {
                    throw failure;
                }
            }

            List<ClaimedRow> unbuilt() {
                return rows.subList(next, rows.size());
            }
        }

        /**
         * Gives the untried rows of a claim back to the queue. The rows tried are settled: marked
         * sent (perhaps only in the journal yet: they stay claimed until the marks are written, so
         * they must not be given back), failed, postponed or skipped. After a failure the tried
         * rows are not known: then the marks are written first and every row still claimed goes back.
         *
         * @param untried null after a failure
         */
        private void giveBack(String claimId, List<ClaimedRow> untried) {
            if (untried == null) {
                run.marks.flush();
                repo.release(run.issue, claimId);
            } else if (!untried.isEmpty()) {
                repo.release(claimId, untried.stream().map(ClaimedRow::ledgerId).toList());
            }
        }

        /** A copy built for its recipient, ready to go. */
        private record Copy(ClaimedRow row, PreparedMessage prepared, MimeMessage message) {
        }

        /** render → build → sign; null when the row was settled instead (skipped, or failed to render). */
        private Copy prepare(String claimId, ClaimedRow row) {
            if (!row.stillConfirmed()) {
                repo.markSkipped(row.ledgerId(), claimId, "subscriber no longer confirmed when the mail was due");
                return null;
            }
            try {
                PersonalMail mail = run.content.render(run.issue, row);
                if (mail == null) {
                    repo.markSkipped(row.ledgerId(), claimId, "nothing in this issue for the subscriber's categories");
                    return null;
                }
                PreparedMessage prepared = builder.build(channel.session(), run.issue, row.asListRecipient(), mail);
                return new Copy(row, prepared, signer == null ? prepared : signer.sign(prepared));
            } catch (RuntimeException | MessagingException e) {
                repo.markFailed(row.ledgerId(), claimId, null, "not rendered: " + SmtpOutcome.describe(e));
                metrics.failed.increment();
                return null;
            }
        }

        /**
         * send → mark, for one recipient; {@code next}'s envelope goes behind it when given, and
         * {@code meanwhile} runs while the server reads it.
         */
        private void deliver(String claimId, Copy copy, Copy next, Runnable meanwhile) throws InterruptedException {
            ClaimedRow row = copy.row();
            PreparedMessage prepared = copy.prepared();
            if (!connect(claimId, row)) {
                return;
            }
            if (run.bucket != null) {
                run.bucket.asBlocking().consume(1);
            }
            SmtpOutcome outcome;
            long start = System.nanoTime();
            try {
                outcome = SmtpOutcome.sent(channel.send(copy.message(), prepared.getEnvelopeFrom(), prepared.recipient(),
                        next == null ? null : next.prepared().getEnvelopeFrom(), next == null ? null : next.prepared().recipient(),
                        meanwhile));
            } catch (MessagingException | IllegalStateException e) {
                outcome = SmtpOutcome.of(e);
            }
            metrics.smtp.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            mark(claimId, row, prepared, outcome);
        }

        /** @return false if the server could not be reached (the row was put back) */
        private boolean connect(String claimId, ClaimedRow row) throws InterruptedException {
            try {
                channel.connect();
                return true;
            } catch (MessagingException | RuntimeException e) {
                metrics.connectionFailures.increment();
                int failures = run.connectFailures.incrementAndGet();
                String error = SmtpOutcome.describe(e);
                repo.postpone(row.ledgerId(), claimId, "connection failed: " + error, clock.instant().plus(props.retryBackoff()));
                if (failures >= props.deadServerFailures()) {
                    run.pauseForDeadServer(error);
                } else {
                    Thread.sleep(Math.min(10_000, 250L << Math.min(failures - 1, 6)));
                }
                return false;
            }
        }

        private void mark(String claimId, ClaimedRow row, PreparedMessage prepared, SmtpOutcome outcome) {
            switch (outcome.kind()) {
                case SENT -> {
                    run.connectFailures.set(0);
                    if (!run.marks.markSent(new DeliveryRepository.SentMark(row.ledgerId(), claimId, outcome.reply(),
                            prepared.messageIdValue(), clock.instant()))) {
                        log.warn("issue {}: row {} was sent after its lease ran out; it may go out twice",
                                run.issue, row.ledgerId());
                    }
                    run.wentOut();
                    metrics.sent.increment();
                }
                case RETRY, CONNECTION -> retryOrFail(claimId, row, outcome);
                case FAILED -> {
                    repo.markFailed(row.ledgerId(), claimId, outcome.reply(), "refused: " + outcome.reply());
                    metrics.failed.increment();
                }
                case HARD_BOUNCE -> {
                    repo.markFailed(row.ledgerId(), claimId, outcome.reply(), "hard bounce: " + outcome.reply());
                    metrics.failed.increment();
                    metrics.hardBounces.increment();
                    suppress(row, outcome);
                    countHardBounce(row, outcome);
                }
            }
        }

        private void retryOrFail(String claimId, ClaimedRow row, SmtpOutcome outcome) {
            int attempts = row.attempts() + 1;
            String reply = outcome.code() > 0 ? outcome.reply() : null;
            if (attempts >= props.maxAttempts()) {
                repo.markFailed(row.ledgerId(), claimId, reply, "gave up after " + attempts + " attempts: " + outcome.reply());
                metrics.failed.increment();
                return;
            }
            Duration wait = props.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 20));
            if (wait.compareTo(props.maxBackoff()) > 0) {
                wait = props.maxBackoff();
            }
            repo.markRetry(row.ledgerId(), claimId, reply, outcome.reply(), clock.instant().plus(wait));
            metrics.retried.increment();
        }

        /** For the per-issue report and the guard, as a hard bounce that came back by mail counts; a pause stops this sender now. */
        private void countHardBounce(ClaimedRow row, SmtpOutcome outcome) {
            feedback.recordRefusedAtSend(run.issue, row.ledgerId(), "refused when sent (" + outcome.status() + ")");
            if (guardReputation(run.issue)) {
                run.stop();
            }
        }

        private void suppress(ClaimedRow row, SmtpOutcome outcome) {
            try {
                suppressions.suppress(EmailAddress.parse(row.email()), Suppressions.Reason.HARD_BOUNCE,
                        "SMTP " + outcome.status() + " during issue " + run.issue + ": " + outcome.reply());
            } catch (InvalidEmailException e) {
                log.warn("issue {}: cannot suppress '{}': {}", run.issue, row.email(), e.getMessage());
            }
        }
    }
}
