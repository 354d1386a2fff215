package com.verdictdigest.delivery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * In {@code serve} (not in CLI commands), works on every running send in the background: sends
 * started by the weekly job, the editor or {@code send start --no-wait}, and sends other
 * instances share (their ledger claims keep them apart). Resumed sends are picked up too.
 */
@Component
public class SendRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SendRunner.class);

    private final DeliveryRepository repo;
    private final SendEngine engine;
    private final DeliveryProperties props;
    private final boolean enabled;
    private ScheduledExecutorService poller;
    private ExecutorService runs;
    private final java.util.Set<Long> submitted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public SendRunner(DeliveryRepository repo, SendEngine engine, DeliveryProperties props, Environment env) {
        this.repo = repo;
        this.engine = engine;
        this.props = props;
        this.enabled = props.worker() && !"cli".equals(env.getProperty("verdict.mode"));
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

    private void poll() {
        try {
            for (long issue : repo.findRunningSends()) {
                if (!engine.isActive(issue) && submitted.add(issue)) {
                    runs.submit(() -> {
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
            }
        } catch (RuntimeException e) {
            log.warn("looking for running sends failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            poller.shutdownNow();
            runs.shutdownNow();
            try {
                runs.awaitTermination(10, TimeUnit.SECONDS);
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
