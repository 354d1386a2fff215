package com.verdictdigest.bounces;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.verdictdigest.system.RunMode.ConditionalOnBackgroundWork;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the bounce mailbox, and the unsubscribe mailbox when it has one of its own (IMAP or POP3),
 * on a fixed delay, on a thread of its own: nothing else waits for it (the dispatcher of scheduled
 * issues runs on Spring's scheduler thread, sends on theirs). Each message is parsed with a time
 * limit ({@link BounceProcessor#parse}) and acted on in its own transaction.
 *
 * <p>A message leaves the mailbox (deleted, or moved to the processed folder) only after its
 * transaction committed; if the removal is lost (crash, dropped connection) the message comes
 * back next time and the processor recognises it, so nothing is counted twice. A message that
 * cannot be parsed, or not in time, is set aside so it can never block a poll again, even after a
 * restart: its hash is recorded (a message with a recorded hash is never parsed again), then IMAP
 * moves it to the quarantine folder (created if missing) and POP3 deletes it. A database failure
 * leaves the message for the next poll. Polls only in {@code serve} and {@code demo}, never in a
 * CLI command, every {@code poll-interval} after an {@code initial-delay}.
 */
@Component
@ConditionalOnBackgroundWork
public class BounceMailboxPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BounceMailboxPoller.class);
    private static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    private static final Duration KEEP_PROCESSED = Duration.ofDays(180);

    /** One poll's tally: acted on (or recognised), set aside, left for the next poll. */
    public record PollResult(int processed, int unparseable, int remaining) {
    }

    /** A mailbox to read and where its messages go. */
    record Mailbox(String protocol, String host, Integer port, String user, String password, String folder,
                   String processedFolder) {

        static Mailbox of(MailboxSettings p) {
            return new Mailbox(p.protocol(), p.host(), p.port(), p.user(), p.password(), p.folder(), p.processedFolder());
        }

        boolean isPop3() {
            return protocol.startsWith("pop3");
        }

        /** Without the password. */
        @Override
        public String toString() {
            return protocol + "://" + user + "@" + host + (port == null ? "" : ":" + port) + "/" + (isPop3() ? "INBOX" : folder);
        }
    }

    private final BounceProcessor processor;
    private final BounceRepository repository;
    private final BounceProperties properties;
    private final List<Mailbox> mailboxes = new ArrayList<>();
    private final Clock clock;
    private volatile ScheduledExecutorService thread;

    @Autowired
    public BounceMailboxPoller(BounceProcessor processor, BounceRepository repository, BounceProperties properties,
                               UnsubscribeMailboxProperties unsubscribes, Clock clock) {
        this.processor = processor;
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
        if (properties.enabled()) {
            mailboxes.add(Mailbox.of(properties));
        }
        if (unsubscribes.enabled()) {
            mailboxes.add(Mailbox.of(unsubscribes));
        }
    }

    /** The bounce mailbox only (tests). */
    public BounceMailboxPoller(BounceProcessor processor, BounceRepository repository, BounceProperties properties, Clock clock) {
        this(processor, repository, properties,
                new UnsubscribeMailboxProperties(false, "imaps", "localhost", null, "", "", "INBOX", null), clock);
    }

    @Override
    public void start() {
        if (mailboxes.isEmpty()) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bounce-poller");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::scheduledPoll, properties.initialDelay().toMillis(),
                properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService t = thread;
        thread = null;
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    void scheduledPoll() {
        for (Mailbox m : mailboxes) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                PollResult r = poll(m);
                if (r.processed() + r.unparseable() > 0) {
                    log.info("Mailbox {}: {} message(s) processed, {} set aside, {} left for the next poll",
                            m, r.processed(), r.unparseable(), r.remaining());
                }
            } catch (MessagingException | RuntimeException e) {
                log.warn("Mailbox {} could not be read: {}", m, e.toString());
            }
        }
    }

    /** Reads the bounce mailbox once. */
    public PollResult poll() throws MessagingException {
        return poll(Mailbox.of(properties));
    }

    /** Reads up to {@code maxPerPoll} messages, processes each in its own transaction, then moves them on. */
    PollResult poll(Mailbox mailbox) throws MessagingException {
        repository.deleteProcessedBefore(clock.instant().minus(KEEP_PROCESSED));
        repository.deleteQuarantinedBefore(clock.instant().minus(KEEP_PROCESSED));
        Store store = BounceMailbox.connect(mailbox.protocol(), mailbox.host(), mailbox.port(), mailbox.user(),
                mailbox.password(), properties.timeout());
        try {
            Folder folder = store.getFolder(mailbox.isPop3() ? "INBOX" : mailbox.folder());
            folder.open(Folder.READ_WRITE);
            int total = folder.getMessageCount();
            int count = Math.min(total, properties.maxPerPoll());
            List<Message> done = new ArrayList<>();
            List<Message> aside = new ArrayList<>();
            try {
                for (Message m : count == 0 ? new Message[0] : folder.getMessages(1, count)) {
                    if (Thread.currentThread().isInterrupted()) {
                        break; // shutting down: what is left stays for the next start
                    }
                    if (m.isSet(Flags.Flag.DELETED)) {
                        continue;
                    }
                    if (readOne(mailbox, m)) {
                        done.add(m);
                    } else if (!Thread.currentThread().isInterrupted()) {
                        aside.add(m);
                    }
                }
            } finally {
                moveOn(store, mailbox, folder, done, aside);
            }
            return new PollResult(done.size(), aside.size(), total - done.size() - aside.size());
        } finally {
            store.close();
        }
    }

    /** @return true if the message was acted on (or recognised as done before), false if it goes aside */
    private boolean readOne(Mailbox mailbox, Message m) throws MessagingException {
        byte[] raw;
        try {
            raw = raw(m);
        } catch (UnparseableMessageException e) {
            log.warn("Message {} in {} is set aside: {}", m.getMessageNumber(), mailbox, e.getMessage());
            return false;
        }
        String hash = BounceParser.sha256Hex(raw);
        if (repository.isQuarantined(hash)) {
            return false; // set aside before; moving it failed then
        }
        Bounce bounce;
        try {
            bounce = processor.parse(raw);
        } catch (UnparseableMessageException e) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            String why = e instanceof ParseTimeoutException ? e.getMessage() : "not a readable mail message";
            repository.insertQuarantined(hash, clock.instant(), mailbox.toString(), why);
            log.warn("Message {} in {} is set aside: {} ({})", m.getMessageNumber(), mailbox, why, e.getMessage());
            return false;
        }
        BounceProcessor.Outcome o = processor.apply(bounce, false);
        log.info("Message {} in {}: {} {} {} {} -> {}", m.getMessageNumber(), mailbox, o.recipient(), o.bounce().status(),
                o.bounce().reason().label(), o.bounce().kind().label(), o.action());
        return true;
    }

    private void moveOn(Store store, Mailbox mailbox, Folder folder, List<Message> done, List<Message> aside)
            throws MessagingException {
        try {
            remove(folder, mailbox.isPop3() || mailbox.processedFolder() == null ? null
                    : existingFolder(store, mailbox.processedFolder()), done);
            remove(folder, mailbox.isPop3() ? null : existingFolder(store, properties.quarantineFolder()), aside);
        } finally {
            folder.close(true);
        }
    }

    private static Folder existingFolder(Store store, String name) throws MessagingException {
        Folder target = store.getFolder(name);
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create the IMAP folder " + name);
        }
        return target;
    }

    private static void remove(Folder folder, Folder target, List<Message> messages) throws MessagingException {
        if (messages.isEmpty()) {
            return;
        }
        Message[] array = messages.toArray(new Message[0]);
        if (target != null) {
            folder.copyMessages(array, target);
        }
        folder.setFlags(array, new Flags(Flags.Flag.DELETED), true);
    }

    private static byte[] raw(Message m) throws MessagingException, UnparseableMessageException {
        int size = m.getSize();
        if (size > MAX_MESSAGE_BYTES) {
            throw new UnparseableMessageException("too large for a bounce (" + size + " bytes)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(size, 1024));
        try {
            m.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("reading message " + m.getMessageNumber() + " failed", e);
        }
        return out.toByteArray();
    }
}
