package com.verdictdigest.bounces;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.verdictdigest.system.RunMode.ConditionalOnBackgroundWork;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Reads the bounce mailbox (IMAP or POP3) on a fixed delay and hands each message to the
 * {@link BounceProcessor}. A message leaves the mailbox (deleted, or moved to the processed
 * folder) only after its transaction committed; if the removal is lost (crash, dropped
 * connection) the message comes back next time and the processor recognises it, so nothing is
 * counted twice. A message that is not readable mail is removed too (it can never succeed, and is
 * logged); a database failure leaves it for the next poll. Polls only when
 * {@code verdict.delivery.bounces.enabled}, in {@code serve} and {@code demo}, never in a CLI
 * command, every {@code poll-interval} after an {@code initial-delay}.
 */
@Component
@EnableScheduling
@ConditionalOnBackgroundWork
public class BounceMailboxPoller implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(BounceMailboxPoller.class);
    private static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
    private static final Duration KEEP_PROCESSED = Duration.ofDays(180);

    /** One poll's tally. */
    public record PollResult(int processed, int unparseable, int remaining) {
    }

    private final BounceProcessor processor;
    private final BounceRepository repository;
    private final BounceProperties properties;
    private final Clock clock;

    public BounceMailboxPoller(BounceProcessor processor, BounceRepository repository, BounceProperties properties, Clock clock) {
        this.processor = processor;
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (properties.enabled()) {
            tasks.addFixedDelayTask(new FixedDelayTask(this::scheduledPoll, properties.pollInterval(), properties.initialDelay()));
        }
    }

    void scheduledPoll() {
        try {
            PollResult r = poll();
            if (r.processed() + r.unparseable() > 0) {
                log.info("Bounce mailbox: {} message(s) processed, {} unreadable, {} left for the next poll",
                        r.processed(), r.unparseable(), r.remaining());
            }
        } catch (MessagingException | RuntimeException e) {
            log.warn("Bounce mailbox {}://{}@{} could not be read: {}", properties.protocol(), properties.user(),
                    properties.host(), e.toString());
        }
    }

    /** Reads up to {@code maxPerPoll} messages, processes each in its own transaction, then removes them. */
    public PollResult poll() throws MessagingException {
        repository.deleteProcessedBefore(clock.instant().minus(KEEP_PROCESSED));
        Store store = BounceMailbox.connect(properties);
        try {
            Folder folder = store.getFolder(properties.isPop3() ? "INBOX" : properties.folder());
            folder.open(Folder.READ_WRITE);
            Folder target = processedFolder(store);
            int total = folder.getMessageCount();
            int count = Math.min(total, properties.maxPerPoll());
            List<Message> done = new ArrayList<>();
            int unparseable = 0;
            try {
                for (Message m : count == 0 ? new Message[0] : folder.getMessages(1, count)) {
                    if (m.isSet(Flags.Flag.DELETED)) {
                        continue;
                    }
                    try {
                        BounceProcessor.Outcome o = processor.process(raw(m), false);
                        log.info("Bounce message {}: {} {} {} -> {}", m.getMessageNumber(), o.recipient(),
                                o.bounce().status(), o.bounce().kind().label(), o.action());
                    } catch (UnparseableMessageException e) {
                        unparseable++;
                        log.warn("Bounce message {} is not readable mail and is removed: {}", m.getMessageNumber(), e.getMessage());
                    }
                    done.add(m);
                }
            } finally {
                remove(folder, target, done);
                folder.close(true);
            }
            return new PollResult(done.size() - unparseable, unparseable, total - done.size());
        } finally {
            store.close();
        }
    }

    private Folder processedFolder(Store store) throws MessagingException {
        if (properties.isPop3() || properties.processedFolder() == null) {
            return null;
        }
        Folder target = store.getFolder(properties.processedFolder());
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create the IMAP folder " + properties.processedFolder());
        }
        return target;
    }

    private static void remove(Folder folder, Folder target, List<Message> done) throws MessagingException {
        if (done.isEmpty()) {
            return;
        }
        Message[] messages = done.toArray(new Message[0]);
        if (target != null) {
            folder.copyMessages(messages, target);
        }
        folder.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
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
