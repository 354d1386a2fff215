package com.verdictdigest.delivery;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import com.verdictdigest.digest.DigestFixtures;
import com.verdictdigest.digest.DigestIssueContent;
import com.verdictdigest.digest.DigestProperties;
import com.verdictdigest.digest.DigestRenderer;
import com.verdictdigest.digest.EmailTemplates;
import com.verdictdigest.digest.RenderedIssue;
import com.verdictdigest.mail.DkimKeys;
import com.verdictdigest.mail.DkimSigning;
import com.verdictdigest.mail.MessageBuilder;
import com.verdictdigest.mail.SendPathWarmup;
import com.verdictdigest.subscribers.SubscriberLinks;
import com.verdictdigest.support.Config;
import com.verdictdigest.support.Identity;
import com.verdictdigest.votes.VoteFixtures;
import com.verdictdigest.system.DatabaseMigrations;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine half of {@code bench/send}: N subscribers in a fresh H2 file database, one digest
 * issue (the real templates, as many comparisons as make a mail of at least SIZE bytes) sent
 * through the engine to the SMTP server on PORT. Prints
 * {@code key=value} lines for the script. Not a test: run by the script only.
 *
 * <p>Mode {@code local} ({@code MODE=local bench/send}): the readers are spread over WAVES zones
 * whose 08:00 falls at different instants; after the immediate send it starts a local-time send
 * at 08:00 and prints each wave's rate, measured as the immediate one (from the senders' start to
 * their end). The engine runs on a clock that ticks in real time and that the bench moves to the
 * next wave's due instant whenever the engine is waiting for it, so waves hours apart follow each
 * other within the engine's poll interval.
 */
public final class SendBench {

    /** The settings after the file name in application.yml's spring.datasource.url (";AUTO_SERVER=TRUE;WRITE_DELAY=0"). */
    static String shippedH2Options() throws IOException {
        String url = (String) new org.springframework.boot.env.YamlPropertySourceLoader()
                .load("application.yml", new org.springframework.core.io.ClassPathResource("application.yml")).get(0)
                .getProperty("spring.datasource.url");
        return url.substring(url.indexOf(';'));
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // As serve, demo and send do at start-up (VERDICT_JIT=default: HotSpot's own policy).
        System.out.println("jit=" + (com.verdictdigest.system.JitTuning.apply() ? "tuned" : "default"));
        startHeapSampler();
        int n = Integer.parseInt(args[0]);
        int port = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        // plain, or dkim[-ed25519][-accp]: RSA (and Ed25519 besides), by the JDK (and Bouncy Castle) or by ACCP
        String mode = args.length > 4 ? args[4] : "plain";
        boolean dkim = mode.startsWith("dkim");
        boolean warm = args.length > 5 && args[5].equals("warm");
        boolean local = mode.equals("local");
        int waves = Integer.parseInt(System.getenv().getOrDefault("WAVES", "4"));

        Path dir = Files.createTempDirectory("send-bench");
        // Pooled, as in the app (Spring Boot's HikariCP): an H2 file database closes with its last connection.
        HikariDataSource ds = new HikariDataSource();
        boolean postgres = "postgres".equals(System.getenv("STORE"));
        h2Ledger = postgres ? null : ds;
        if (postgres) {
            // A real PostgreSQL (zonky embedded) in its own processes, durable commits as configured by default.
            var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // exiting anyway
                }
            }));
            ds.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
        } else {
            // The product's default H2 URL (application.yml: AUTO_SERVER, WRITE_DELAY=0) unless -Dh2.options says otherwise.
            ds.setJdbcUrl("jdbc:h2:file:" + dir.resolve("bench") + System.getProperty("h2.options", shippedH2Options()));
            ds.setUsername("sa");
        }
        ds.setMaximumPoolSize(connections + 4);
        DatabaseMigrations.migrate(ds);
        JdbcClient jdbc = JdbcClient.create(ds);
        long t0 = System.nanoTime();
        for (int from = 1; from <= n; from += 100_000) {
            jdbc.sql("""
                    insert into subscriber (email, email_key, name, status, created_at, updated_at)
                    select 'bench' || x || '@example.com', 'bench' || x || '@example.com', 'Reader ' || x, 'confirmed',
                           current_timestamp, current_timestamp
                      from RANGE""".replace("RANGE", postgres ? "generate_series(:from, :to) as g(x)" : "system_range(:from, :to)"))
                    .param("from", from).param("to", Math.min(n, from + 99_999)).update();
        }
        if (local) {
            if (waves < 1 || waves > ZONES.length) {
                throw new IllegalArgumentException("WAVES must be between 1 and " + ZONES.length);
            }
            for (int k = 0; k < waves; k++) {
                jdbc.sql("update subscriber set time_zone = :zone where mod(id, :waves) = :k")
                        .param("zone", ZONES[k]).param("waves", waves).param("k", k).update();
            }
        }
        System.out.println("store=" + (postgres ? "postgresql" : "h2"));
        System.out.printf("subscribers_inserted_s=%.1f%n", (System.nanoTime() - t0) / 1e9);

        com.verdictdigest.mail.DkimProperties dkimProps = Config.defaults(com.verdictdigest.mail.DkimProperties.class);
        if (dkim) {
            Path key = dir.resolve("bench.pem");
            Files.writeString(key, DkimKeys.privatePem(DkimKeys.generate()));
            Path edKey = dir.resolve("bench-ed.pem");
            Files.writeString(edKey, DkimKeys.privatePem(DkimKeys.generateEd25519()));
            boolean ed = mode.contains("ed25519");
            dkimProps = new com.verdictdigest.mail.DkimProperties(true, "bench", key, null, mode.endsWith("accp") ? "accp" : "jdk",
                    ed ? "bench-ed" : null, ed ? edKey : null);
        }
        // The real digest: the shared render of an issue with as many comparisons as it takes to reach SIZE.
        MessageBuilder builder = Identity.messageBuilder(Engines.SENDER, Engines.SITE, java.time.Clock.systemUTC());
        ClaimedRow first = new ClaimedRow(1, 1, 1, "bench1@example.com", "Reader 1", "tok1", null, false, true, true, 0);
        IssueContent content = null;
        int bytes = 0;
        int comparisons = 0;
        while (bytes < size && comparisons < 40) {
            comparisons++;
            content = digest(comparisons);
            bytes = builder.build(jakarta.mail.Session.getInstance(new java.util.Properties()), 1, first.asListRecipient(),
                    content.render(1, first)).raw().length;
        }
        System.out.println("comparisons=" + comparisons);
        System.out.println("message_bytes=" + bytes);
        JumpingClock clock = new JumpingClock();
        // The claim size as shipped (verdict.delivery.batch-size), unless BATCH says otherwise.
        int batch = Integer.parseInt(System.getenv().getOrDefault("BATCH",
                String.valueOf(Config.defaults(DeliveryProperties.class).batchSize())));
        System.out.println("batch=" + batch);
        Engines e = new Engines(ds, Engines.props(connections, batch, 5, Duration.ofSeconds(1), Duration.ofMinutes(5), 0, dkimProps),
                port, content, clock);

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ScheduledExecutorService reporter = daemon("bench-reporter");
        long t = System.nanoTime();
        reporter.scheduleAtFixedRate(() -> System.out.printf("progress: %.0f sent after %.0f s, peak heap so far %.0f MB%n",
                e.meters.get("verdict.delivery.sent").counter().count(), (System.nanoTime() - t) / 1e9, peakHeapMb()),
                30, 30, TimeUnit.SECONDS);
        CostKeys costKeys = dkim ? CostKeys.generate() : null;
        if (!"0".equals(System.getenv("WARMUP"))) {
            // What serve does at start-up, in the background, long before the weekly job fires
            // (WARMUP=0: a fresh JVM without it, as a CLI `send start` is).
            long w0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            DkimSigning warmDkim = new DkimSigning(dkimProps, Engines.SENDER);
            int built = new SendPathWarmup(com.verdictdigest.support.Identity.messageBuilder(Engines.SENDER, Engines.SITE, java.time.Clock.systemUTC(), warmDkim), warmDkim).run();
            // The JIT compiles what the warm-up made hot in the background; in serve that is done long
            // before the weekly job, so the first issue starts once the compiler has gone quiet.
            double settled = awaitJitQuiet();
            System.out.printf("warmup_messages=%d warmup_s=%.2f warmup_cpu_s=%.2f jit_quiet_after_s=%.2f%n", built,
                    (System.nanoTime() - w0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9, settled);
        }
        if (warm) {
            // A first issue to the same list in the same JVM: the JIT compiles the send path (several
            // CPU seconds on 2 cores), as it has in a server that sent before; the second is measured.
            send(e, os, 1, "cold_");
        }
        // The bare cost of a signature is taken just before and just after the measured issue, and
        // the mean printed: this machine's speed drifts by 10-20% within minutes (other tenants of
        // its host), which a single figure taken after the issue does not follow. Before the issue
        // only the signatures this run makes are measured: a server does not run other providers'
        // signatures just before its weekly send, and doing so here changed the JIT's profiles of
        // the paths the issue then ran (recompiled during the measured issue). The others: after.
        Map<String, Double> before = dkim ? signatureCosts(ownSignatures(mode), costKeys) : Map.of();
        send(e, os, warm ? 2 : 1, "");
        if (local) {
            sendLocal(e, clock, warm ? 3 : 2);
        }
        reporter.shutdownNow();
        if (dkim) {
            Map<String, Double> after = signatureCosts(List.of(SIGNATURES), costKeys);
            after.forEach((key, us) -> {
                Double b = before.get(key);
                System.out.printf("%s=%.0f%n%s_before_after=%s/%.0f%n", key, b == null ? us : (b + us) / 2, key,
                        b == null ? "-" : String.format("%.0f", b), us);
            });
        }
        System.out.printf("peak_heap_mb=%.0f%n", peakHeapMb());
        System.out.printf("peak_live_heap_mb=%.0f%n", maxAfterGc / 1048576.0);
        System.out.println("max_heap_mb=" + Runtime.getRuntime().maxMemory() / 1048576);
    }

    /**
     * Waits until the JIT has compiled nothing for 300 ms (at most 30 s).
     *
     * @return seconds waited
     */
    static double awaitJitQuiet() {
        var jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long[] last = {jit.getTotalCompilationTime(), 0}; // the compile time seen, and how many polls in a row it stood still
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                long now = jit.getTotalCompilationTime();
                last[1] = now == last[0] ? last[1] + 1 : 0;
                last[0] = now;
                return last[1] >= 3;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("jit_not_quiet_after_30s");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Enqueues and sends one issue; prints its figures, each key prefixed. */
    private static void send(Engines e, com.sun.management.OperatingSystemMXBean os, long issue, String prefix)
            throws InterruptedException {
        long enqueueStart = System.nanoTime();
        e.service.start(issue);
        System.out.printf("%senqueue_s=%.2f%n", prefix, (System.nanoTime() - enqueueStart) / 1e9);
        Map<String, Long> threads0 = threadCpuByKind();
        long cpu0 = os.getProcessCpuTime();
        double[] claims0 = claims(e);
        long written0 = h2BytesWritten();
        long start = System.nanoTime();
        e.engine.run(issue, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - cpu0;
        printClaims(e, prefix, claims0);
        if (written0 >= 0) {
            // Deterministic where the CPU figures are not: what the ledger's commits cost the file.
            System.out.printf("%sh2_mb_written=%.1f%n", prefix, (h2BytesWritten() - written0) / 1048576.0);
        }
        Map<String, Long> threads1 = threadCpuByKind();
        SendProgress p = e.service.progress(issue).orElseThrow();
        System.out.println(prefix + "sent=" + p.sent() + " failed=" + p.failed() + " remaining=" + p.remaining());
        System.out.printf("%sengine_seconds=%.2f%n", prefix, seconds);
        System.out.printf("%sengine_rate=%.0f%n", prefix, p.sent() / seconds);
        System.out.printf("%scpu_us_per_msg=%.0f%n", prefix, cpu / 1e3 / Math.max(1, p.sent()));
        StringBuilder split = new StringBuilder();
        threads1.forEach((kind, ticks) -> split.append(' ').append(kind).append('=')
                .append(String.format("%.1f", (ticks - threads0.getOrDefault(kind, 0L)) / 100.0)));
        System.out.printf("%scpu_s=%.1f, of which by thread (s):%s (the rest: sender threads)%n", prefix, cpu / 1e9, split);
    }

    private static final String[] SIGNATURES = {"rsa_sign_us", "rsa_sign_us_accp", "ed25519_sign_us_bc", "ed25519_sign_us_accp"};

    /** The signatures a signed run makes: RSA by its provider, and Ed25519 beside it in an ed25519 run. */
    private static List<String> ownSignatures(String mode) {
        boolean accp = mode.endsWith("accp");
        List<String> own = new java.util.ArrayList<>(List.of(accp ? "rsa_sign_us_accp" : "rsa_sign_us"));
        if (mode.contains("ed25519")) {
            own.add(accp ? "ed25519_sign_us_accp" : "ed25519_sign_us_bc");
        }
        return own;
    }

    /** The keys the bare costs are measured with, made before the first issue (key generation runs no send code). */
    private record CostKeys(java.security.KeyPair rsa, java.security.KeyPair ed25519) {
        static CostKeys generate() {
            return new CostKeys(DkimKeys.generate(), DkimKeys.generateEd25519());
        }
    }

    /**
     * The bare CPU cost of one signature over header data the size of a digest's (~1 KB), in
     * this JVM after the send warmed it, for each of {@code which}: RSA-2048 SHA256withRSA by the
     * JDK and by ACCP, Ed25519 (of the data's SHA-256, as RFC 8463 signs) by Bouncy Castle and by ACCP.
     */
    private static Map<String, Double> signatureCosts(List<String> which, CostKeys keys) throws Exception {
        byte[] data = "from:Verdict Digest <digest@verdicts.example.com>\r\n".repeat(20).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        Map<String, Double> costs = new java.util.LinkedHashMap<>();
        if (which.contains("rsa_sign_us")) {
            costs.put("rsa_sign_us", rsaCost(java.security.Signature.getInstance("SHA256withRSA"), keys, data));
        }
        if (which.contains("rsa_sign_us_accp")) {
            costs.put("rsa_sign_us_accp", rsaCost(java.security.Signature.getInstance("SHA256withRSA",
                    com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE), keys, data));
        }
        if (which.contains("ed25519_sign_us_bc")) {
            var bcEd = new org.bouncycastle.crypto.signers.Ed25519Signer();
            bcEd.init(true, new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(
                    ((java.security.interfaces.EdECPrivateKey) keys.ed25519().getPrivate()).getBytes().orElseThrow(), 0));
            costs.put("ed25519_sign_us_bc", cpuMicros(2000, () -> {
                byte[] h = sha.digest(data);
                bcEd.update(h, 0, h.length);
                bcEd.generateSignature();
            }));
        }
        if (which.contains("ed25519_sign_us_accp")) {
            java.security.Signature accpEd = java.security.Signature.getInstance("Ed25519",
                    com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE);
            accpEd.initSign(keys.ed25519().getPrivate());
            costs.put("ed25519_sign_us_accp", cpuMicros(2000, () -> {
                accpEd.update(sha.digest(data));
                accpEd.sign();
            }));
        }
        return costs;
    }

    private static double rsaCost(java.security.Signature rsa, CostKeys keys, byte[] data) throws Exception {
        rsa.initSign(keys.rsa().getPrivate());
        return cpuMicros(1000, () -> {
            rsa.update(data);
            rsa.sign();
        });
    }

    private interface Op {
        void run() throws Exception;
    }

    /** CPU microseconds of this thread per run, after as many runs to warm up: robust to other load. */
    private static double cpuMicros(int n, Op op) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n / 4; i++) {
            op.run();
        }
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (threads.getCurrentThreadCpuTime() - t0) / 1e3 / n;
    }

    /** Zones whose 08:00 are different instants all year (no two share an offset at any date). */
    private static final String[] ZONES = {"Asia/Tokyo", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
            "Asia/Kolkata", "Pacific/Honolulu"};

    /**
     * A local-time send at 08:00: a sampler moves the clock to each wave's due instant as soon as
     * the engine waits for it, and records when the senders start (the wait ended) and end (the
     * engine waits again, or the run returns), with the sent counter at each. Prints one
     * {@code wave_N=} line per wave and {@code local_min_wave_rate}, {@code local_waves}.
     */
    private static void sendLocal(Engines e, JumpingClock clock, long issue) throws InterruptedException {
        long enqueueStart = System.nanoTime();
        e.service.start(issue, java.time.LocalTime.of(8, 0));
        System.out.printf("local_enqueue_s=%.2f%n", (System.nanoTime() - enqueueStart) / 1e9);
        double[] claims0 = claims(e);
        var counter = e.meters.get("verdict.delivery.sent").counter();
        java.util.List<double[]> spans = new java.util.concurrent.CopyOnWriteArrayList<>(); // {startNs, endNs, sentAtStart, sentAtEnd}
        java.util.List<java.time.Instant> dues = new java.util.concurrent.CopyOnWriteArrayList<>();
        double[] open = new double[2]; // {startNs, sentAtStart} of the wave being sent; startNs 0: none
        ScheduledExecutorService sampler = daemon("wave-sampler");
        sampler.scheduleWithFixedDelay(() -> {
            synchronized (open) {
                var waiting = e.engine.waiting(issue);
                if (waiting.isPresent()) {
                    if (open[0] != 0) {
                        spans.add(new double[] {open[0], System.nanoTime(), open[1], counter.count()});
                        open[0] = 0;
                    }
                    if (clock.instant().isBefore(waiting.get().until())) {
                        dues.add(waiting.get().until());
                        clock.jumpTo(waiting.get().until());
                    }
                } else if (open[0] == 0 && dues.size() > spans.size()) {
                    open[0] = System.nanoTime();
                    open[1] = counter.count();
                }
            }
        }, 0, 2, TimeUnit.MILLISECONDS);
        e.engine.run(issue, null);
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (open) {
            if (open[0] != 0) {
                spans.add(new double[] {open[0], System.nanoTime(), open[1], counter.count()});
            }
        }
        double minRate = Double.MAX_VALUE;
        double allSent = 0;
        double allSeconds = 0;
        for (int i = 0; i < spans.size(); i++) {
            double[] w = spans.get(i);
            double seconds = (w[1] - w[0]) / 1e9;
            double rate = (w[3] - w[2]) / seconds;
            allSent += w[3] - w[2];
            allSeconds += seconds;
            minRate = Math.min(minRate, rate);
            System.out.printf("wave_%d=due %s, sent %.0f in %.2f s, %.0f msgs/s%n", i + 1, dues.get(i), w[3] - w[2], seconds, rate);
        }
        SendProgress p = e.service.progress(issue).orElseThrow();
        System.out.println("local_sent=" + p.sent() + " failed=" + p.failed() + " remaining=" + p.remaining());
        System.out.println("local_waves=" + spans.size());
        System.out.printf("local_min_wave_rate=%.0f%n", minRate);
        System.out.printf("local_rate=%.0f%n", allSent / allSeconds); // every wave's mails over the time spent sending them
        printClaims(e, "local_", claims0);
    }

    /** The claim timer's count and total milliseconds so far. */
    private static double[] claims(Engines e) {
        var t = e.meters.get("verdict.delivery.claim").timer();
        return new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS)};
    }

    /** How long a claim (one batch of due rows) took on average since {@code before}. */
    private static void printClaims(Engines e, String prefix, double[] before) {
        double[] now = claims(e);
        double n = now[0] - before[0];
        System.out.printf("%sclaims=%.0f claim_ms_mean=%.2f%n", prefix, n, n == 0 ? 0 : (now[1] - before[1]) / n);
    }

    /** The system clock, moved forward by the bench (never back): time keeps running after each jump. */
    static final class JumpingClock extends java.time.Clock {
        private volatile Duration offset = Duration.ZERO;

        void jumpTo(java.time.Instant instant) {
            Duration d = Duration.between(java.time.Instant.now(), instant);
            if (d.compareTo(offset) > 0) {
                offset = d;
            }
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static IssueContent digest(int comparisons) {
        DigestRenderer renderer = new DigestRenderer(new EmailTemplates((String) null), Engines.SITE,
                Config.defaults(DigestProperties.class));
        RenderedIssue shared = renderer.renderShared(DigestFixtures.snapshotWith(1, comparisons));
        return new DigestIssueContent(n -> shared, renderer, new SubscriberLinks(Engines.SITE),
                VoteFixtures.links(Engines.SITE, java.time.Clock.systemUTC()));
    }

    private static javax.sql.DataSource h2Ledger;

    /** Bytes H2 has written to its file since it opened it; -1 on PostgreSQL. */
    private static long h2BytesWritten() {
        if (h2Ledger == null) {
            return -1; // PostgreSQL has no such counter
        }
        return org.springframework.jdbc.core.simple.JdbcClient.create(h2Ledger).sql("""
                select cast(setting_value as bigint) from information_schema.settings where setting_name = 'info.FILE_WRITE_BYTES'""")
                .query(Long.class).optional().orElse(-1L);
    }

    /** CPU ticks (1/100 s) per kind of thread, from /proc: the JIT compiler and GC threads are invisible to JMX. */
    private static Map<String, Long> threadCpuByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return byKind;
        }
        for (File task : tasks) {
            try {
                String comm = Files.readString(task.toPath().resolve("comm")).strip();
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (comm.startsWith("send-")) {
                    continue; // sender threads come and go with each send: they are the rest
                }
                String kind = comm.startsWith("C1 ") || comm.startsWith("C2 ") ? "jit"
                        : comm.startsWith("G1") || comm.startsWith("GC") ? "gc" : comm.startsWith("H2") || comm.startsWith("MVStore") ? "h2"
                        : "other";
                byKind.merge(kind, ticks, Long::sum);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return byKind;
    }

    private static volatile long maxUsed;
    private static volatile long maxAfterGc;

    /**
     * The heap around each collection, from the collectors' notifications: the most in use just
     * before one (the heap fills up to -Xmx before the GC runs) and the most that survived one
     * (live data). Event-driven: a sampler polling every 20 ms spent CPU time in proportion to a
     * run's length, which counted against the longer signed runs.
     */
    private static void startHeapSampler() {
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (!com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    return;
                }
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData()).getGcInfo();
                long before = heapOf(info.getMemoryUsageBeforeGc());
                long after = heapOf(info.getMemoryUsageAfterGc());
                synchronized (SendBench.class) {
                    maxUsed = Math.max(maxUsed, before);
                    maxAfterGc = Math.max(maxAfterGc, after);
                }
            }, null, null);
        }
    }

    /** The heap pools' part of a collection's memory figures. */
    private static long heapOf(Map<String, java.lang.management.MemoryUsage> pools) {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pools.containsKey(pool.getName())) {
                sum += pools.get(pool.getName()).getUsed();
            }
        }
        return sum;
    }

    /** A timer thread that never keeps the JVM alive. */
    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The most heap in use: before any collection so far, or now. */
    static double peakHeapMb() {
        return Math.max(maxUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()) / 1048576.0;
    }
}
