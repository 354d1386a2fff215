package com.verdictdigest.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.verdictdigest.delivery.SendState;
import com.verdictdigest.delivery.SendProgress;
import com.verdictdigest.delivery.SendService;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.Issue;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.IssueState;
import com.verdictdigest.system.DemoSeeder;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo's last step: approve the week's issue and send it through the real engine to the demo
 * subscribers, into the dev inbox, before the URLs are printed. A second demo run sends nothing.
 */
@Component
@Order(40)
class DemoSendSeeder implements DemoSeeder {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final DigestIssues issues;
    private final IssueLifecycle lifecycle;
    private final SendService sends;

    DemoSendSeeder(DigestIssues issues, IssueLifecycle lifecycle, SendService sends) {
        this.issues = issues;
        this.lifecycle = lifecycle;
        this.sends = sends;
    }

    @Override
    public String seed() {
        // The week's issue, the demo's first; the next one stays a draft for the editor.
        Optional<Issue> latest = issues.find(1);
        if (latest.isEmpty()) {
            return "Send: no issue to send";
        }
        int number = latest.get().number();
        Optional<SendProgress> started = switch (latest.get().state()) {
            case DRAFT -> {
                lifecycle.approve(number, "demo");
                yield sends.progress(number);
            }
            case APPROVED, SCHEDULED -> lifecycle.sendNow(number).map(SendService.Started::progress);
            default -> Optional.empty();
        };
        if (started.isEmpty()) {
            return "Send: issue #" + number + " is " + latest.get().stateLabel() + ", not sent again";
        }
        // serve's background sender does the work; the demo waits so the inbox is full when it says so.
        // The issue is sent the moment its send finishes (SendFinished).
        Instant deadline = Instant.now().plus(WAIT);
        SendProgress progress = started.get();
        while (progress.state() == SendState.RUNNING && Instant.now().isBefore(deadline)) {
            sleep();
            progress = sends.progress(number).orElseThrow();
        }
        return "Send: " + progress.summary() + " (see the dev inbox)";
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the demo send", e);
        }
    }
}
