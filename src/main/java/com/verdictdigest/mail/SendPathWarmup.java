package com.verdictdigest.mail;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.mail.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs the send path's CPU work once at start-up of {@code serve} (and {@code demo}), in the
 * background after the app is ready: a sample digest-like copy is spliced, encoded, hashed and
 * signed a few thousand times into nothing, so the JIT has compiled it before the first issue
 * goes out instead of competing with it for the CPU. No database, no SMTP, no mail leaves; it
 * costs 0.5-1 CPU second once, at low priority.
 */
@Component
@ConditionalOnWebApplication
public class SendPathWarmup {

    private static final Logger log = LoggerFactory.getLogger(SendPathWarmup.class);

    /** Enough calls for C2 to compile the builder's loops (a few thousand per method). */
    static final int MESSAGES = 4_000;
    /** Signatures are a few intrinsics: a few hundred compile them. */
    static final int SIGNATURES = 300;

    private static final int SAMPLE_ISSUES = 8;

    private final MessageBuilder builder;
    private final DkimSigning dkim;
    private final AtomicBoolean started = new AtomicBoolean();

    public SendPathWarmup(MessageBuilder builder, DkimSigning dkim) {
        this.builder = builder;
        this.dkim = dkim;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::run, "send-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** @return how many messages were built (for the benchmark, which runs it in the foreground) */
    public int run() {
        long start = System.nanoTime();
        try {
            int built = warm(builder, dkim.newSigner(), MESSAGES, SIGNATURES);
            log.debug("send path warmed up: {} messages in {} ms", built, (System.nanoTime() - start) / 1_000_000);
            return built;
        } catch (RuntimeException | jakarta.mail.MessagingException e) {
            log.warn("send path warm-up failed (sending is not affected): {}", e.toString());
            return 0;
        }
    }

    static int warm(MessageBuilder builder, DkimSigning.Signer signer, int messages, int signatures)
            throws jakarta.mail.MessagingException {
        Session session = Session.getInstance(new java.util.Properties());
        String[] shared = sampleShared();
        long sink = 0;
        for (int i = 0; i < messages; i++) {
            PersonalMail mail = sample(shared, i);
            // Issue numbers no real issue has (forgotten at the end), several of them: a real send's first
            // message meets a new issue, and code compiled without ever seeing one would be thrown away then.
            long issue = -1 - (i % SAMPLE_ISSUES);
            PreparedMessage m = builder.build(session, issue, new ListRecipient(i, "reader" + i + "@example.com",
                    i % 7 == 3 ? null : "Reader " + i, "warmup" + i, i % 10 == 9), mail);
            sink += m.raw().length;
            if (signer != null && i % Math.max(1, messages / Math.max(1, signatures)) == 0) {
                sink += ((PreparedMessage) signer.sign(m)).raw().length;
            }
        }
        for (int k = 1; k <= SAMPLE_ISSUES; k++) {
            builder.forget(-k);
        }
        return sink > 0 ? messages : 0;
    }

    /** Shared pieces shaped like a digest's: HTML and text lines, blanks, non-ASCII, a long line. */
    private static String[] sampleShared() {
        StringBuilder html = new StringBuilder("<table role=\"presentation\" width=\"100%\" style=\"border:0;\">\n");
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < 12; c++) {
            html.append("<tr><td class=\"vd-card\" style=\"padding:16px;border:1px solid #e3e5ea;\">\n")
                    .append("<h2 style=\"margin:0;font-size:18px;\">Tool ").append(c).append(" vs Tool ").append(c + 1)
                    .append(" — the panel’s verdict</h2>\n<p>Builder: ship. Skeptic: skip. Futurist: ship. Founder: ship.</p>\n")
                    .append("<a href=\"https://verdicts.example.com/compare/tool-").append(c).append("\">Read the comparison</a>\n</td></tr>\n");
            text.append("Tool ").append(c).append(" vs Tool ").append(c + 1).append(" — the panel’s verdict\n")
                    .append("  Builder: ship.  Skeptic: skip.\n").append("x".repeat(90)).append("\n\n");
        }
        return new String[] {"<html>\n<body>\n<p>", html.append("</table>\n").toString(), "</body>\n</html>\n",
                "Verdict Digest\n\n", text.toString(), "\nUnsubscribe: "};
    }

    private static PersonalMail sample(String[] shared, int i) {
        SplicedText html = SplicedText.builder().shared(shared[0]).personal("Hello Reader " + i + ",</p>\n")
                .shared(shared[1]).personal("<a href=\"https://app.example.com/unsubscribe/warmup" + i + "\">Unsubscribe</a>\n")
                .shared(shared[2]).build();
        SplicedText text = SplicedText.builder().shared(shared[3]).personal("Hello Reader " + i + ",\n").shared(shared[4])
                .shared(shared[5]).personal("https://app.example.com/unsubscribe/warmup" + i + "\n").build();
        return new PersonalMail("Verdict Digest #" + (i % SAMPLE_ISSUES) + ": this week's verdicts", html, text);
    }
}
