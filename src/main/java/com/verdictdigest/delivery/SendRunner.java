package com.verdictdigest.delivery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.verdictdigest.system.RunMode.ConditionalOnBackgroundWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * In {@code serve} (not in CLI commands), works on every running send in the background. A send
 * started or resumed in this process is taken up as soon as its transaction commits
 * ({@link SendStarted}, {@link SendResumed}); a slow poll ({@code verdict.delivery.poll-interval})
 * finds the others: started by {@code send start --no-wait} from a shell, or running on another
 * instance (their ledger claims keep them apart).
 */
@Component
@ConditionalOnBackgroundWork
public class SendRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SendRunner.class);

    private final DeliveryRepository repo;
    private final SendEngine engine;
    private final DeliveryProperties props;
    private final boolean enabled;
    private ScheduledExecutorService poller;
    private volatile ExecutorService runs;
    private final java.util.Set<Long> submitted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public SendRunner(DeliveryRepository repo, SendEngine engine, DeliveryProperties props) {
        this.repo = repo;
        this.engine = engine;
        this.props = props;
        this.enabled = props.worker();
    }

    @Override
    public void start() {
        running = true;
        if (!enabled) {
            return;
        }
        runs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "send-run");
            t.setDaemon(true);
            return t;
        });
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "send-poller");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, props.pollInterval().toMillis());
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SendStarted started) {
        work(started.issueNumber());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SendResumed resumed) {
        work(resumed.issueNumber());
    }

    private void poll() {
        try {
            repo.findRunningSends().forEach(this::work);
        } catch (RuntimeException e) {
            log.warn("looking for running sends failed: {}", e.getMessage());
        }
    }

    /** Runs the send in the background unless this instance already works on it (or does not work at all). */
    private void work(long issue) {
        ExecutorService pool = runs;
        if (pool == null || !running || engine.isActive(issue) || !submitted.add(issue)) {
            return;
        }
        pool.submit(() -> {
            try {
                engine.run(issue, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("send of issue {} stopped", issue, e);
            } finally {
                submitted.remove(issue);
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
            runs.shutdownNow();
            try {
                // Each sender finishes its message and gives its claims back (SendEngine); bounded by the SMTP timeouts.
                runs.awaitTermination(45, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
