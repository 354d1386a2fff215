package com.verdictdigest.votes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.verdictdigest.VerdictDigestApplication;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.catalog.Comparison;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.Panel;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.catalog.Verdict;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Votes from many concurrent clients over loopback HTTP against the real application (Tomcat,
 * the vote POST, its transaction), as after a popular issue went out (run by {@code bench/votes}).
 * Each vote is a different reader's link, so each must be counted once: every answer must say
 * so, and at the end the votes, the history and the counts must all hold exactly the votes
 * sent (the run fails otherwise). A warm-up of other readers' votes comes first.
 *
 * <p>Arguments: VOTES CLIENTS STORE (h2: the product's shipped H2 file URL, WRITE_DELAY=0 and a
 * generated password included; postgres: zonky embedded PostgreSQL with durable commits,
 * {@code synchronous_commit=on}).
 */
public final class VoteBench {

    static final int COMPARISONS = 12;

    public static void main(String[] args) throws Exception {
        int votes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        String store = args.length > 2 ? args[2] : "h2";
        int warmup = Math.max(2_000, votes / 5);

        EmbeddedPostgres pg = null;
        Path dir = Files.createTempDirectory("vote-bench");
        String url;
        if (store.equals("postgres")) {
            pg = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
                    .setServerConfig("max_connections", "100").start();
            url = pg.getJdbcUrl("postgres", "postgres");
        } else {
            url = null; // the shipped URL (application.yml) in the data directory, with its generated password
        }
        // As command-line arguments: they override application.yml (default properties would not).
        List<String> args2 = new ArrayList<>(List.of(
                "--server.port=0", "--server.address=127.0.0.1", "--verdict.data-dir=" + dir,
                "--verdict.schedule.enabled=false", "--verdict.delivery.worker=false",
                "--verdict.votes.per-ip=100000000/1m", "--logging.level.root=WARN", "--spring.main.banner-mode=off",
                "--verdict.site.public-url=http://127.0.0.1"));
        if (url != null) {
            args2.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=postgres"));
        }
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(VerdictDigestApplication.class)
                .run(args2.toArray(String[]::new));
        String used = ctx.getEnvironment().getProperty("spring.datasource.url");
        if (url != null ? !url.equals(used) : !used.startsWith("jdbc:h2:file:" + dir.resolve("verdict") + ";")) {
            throw new IllegalStateException("the bench's database is not in use: " + used);
        }
        try {
            run(ctx, votes, clients, warmup, store, pg);
        } finally {
            ctx.close();
            if (pg != null) {
                pg.close();
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    record Vote(String token, Verdict choice) {
    }

    static void run(ConfigurableApplicationContext ctx, int votes, int clients, int warmup, String store,
                    EmbeddedPostgres pg) throws Exception {
        String base = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
        JdbcClient jdbc = ctx.getBean(JdbcClient.class);
        String used = ctx.getEnvironment().getProperty("spring.datasource.url");
        String settings = pg == null ? "H2 file database, the shipped URL (" + used.substring(used.indexOf(';') + 1) + ")"
                : "PostgreSQL " + jdbc.sql("show server_version").query(String.class).single()
                + " (zonky embedded), fsync=" + jdbc.sql("show fsync").query(String.class).single()
                + ", synchronous_commit=" + jdbc.sql("show synchronous_commit").query(String.class).single();

        List<long[]> sides = seedCatalog(ctx.getBean(CatalogImporter.class), ctx.getBean(CatalogRepository.class));
        int total = warmup + votes;
        int readers = (total + sides.size() - 1) / sides.size();
        seedReaders(jdbc, readers, pg != null);
        List<Long> ids = jdbc.sql("select id from subscriber order by id").query(Long.class).list();
        VoteTokens tokens = ctx.getBean(VoteTokens.class);
        long expires = VoteTokens.expiryMinute(Instant.now().plus(Duration.ofDays(30)));
        Random random = new Random(42);
        List<Vote> all = new ArrayList<>(total);
        for (long reader : ids) {
            for (long[] side : sides) {
                if (all.size() < total) {
                    Verdict choice = random.nextInt(3) == 0 ? Verdict.SKIP : Verdict.SHIP;
                    String[] links = tokens.sign(reader, 1, side[0], side[1], expires);
                    all.add(new Vote(links[choice == Verdict.SHIP ? 0 : 1], choice));
                }
            }
        }
        java.util.Collections.shuffle(all, random); // votes on all tools at once, as readers click

        System.out.printf("bench/votes: %s; %d comparisons (%d tools), %d readers; %d clients over loopback HTTP%n",
                settings, COMPARISONS, sides.size(), readers, clients);
        System.out.printf("load before: %s%n", load());
        phase("warm-up", base, all.subList(0, warmup), clients);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        java.util.Map<String, Long> threads0 = threadCpu();
        Result r = phase("measured", base, all.subList(warmup, total), clients);
        long cpu = os.getProcessCpuTime() - cpu0;
        java.util.Map<String, Long> threads1 = threadCpu();
        StringBuilder split = new StringBuilder();
        threads1.forEach((kind, ticks) -> split.append(' ').append(kind).append('=')
                .append(String.format("%.0f", (ticks - threads0.getOrDefault(kind, 0L)) * 1e4 / votes)));
        System.out.printf("cpu of this JVM (server and clients%s): %.0f us per vote; by thread (us):%s%n",
                pg == null ? ", H2 included" : "; PostgreSQL's own processes not included", cpu / 1e3 / votes, split);
        System.out.printf("load after: %s%n", load());

        long ship = all.stream().filter(v -> v.choice() == Verdict.SHIP).count();
        long voteRows = jdbc.sql("select count(*) from vote").query(Long.class).single();
        long historyRows = jdbc.sql("select count(*) from vote_history").query(Long.class).single();
        long tallyShip = jdbc.sql("select coalesce(sum(ship), 0) from vote_tally").query(Long.class).single();
        long tallySkip = jdbc.sql("select coalesce(sum(skip), 0) from vote_tally").query(Long.class).single();
        boolean exact = r.counted() == votes && voteRows == total && historyRows == total && tallyShip == ship
                && tallySkip == total - ship;
        System.out.printf("count check: %s: %d answers 'counted' of %d sent; %d votes, %d history rows, counts %d ship + %d skip"
                        + " (expected %d = %d ship + %d skip, warm-up included)%n", exact ? "OK" : "FAILED", r.counted(), votes,
                voteRows, historyRows, tallyShip, tallySkip, total, ship, total - ship);
        System.out.printf("store=%s votes_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.1f exact=%s%n", store, r.perSecond(),
                r.p50(), r.p99(), r.max(), exact);
        if (!exact) {
            System.exit(1);
        }
    }

    record Result(double perSecond, double p50, double p99, double max, long counted) {
    }

    static Result phase(String name, String base, List<Vote> votes, int clients) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long[] nanos = new long[votes.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger counted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < votes.size(); i = next.getAndIncrement()) {
                    HttpRequest post = HttpRequest.newBuilder(URI.create(base + "/votes/" + votes.get(i).token()))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.noBody()).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
                        nanos[i] = System.nanoTime() - t0;
                        if (response.statusCode() == 200 && response.body().contains("Thanks: your verdict is counted.")) {
                            counted.incrementAndGet();
                        } else if (failed.incrementAndGet() <= 3) {
                            System.out.println("unexpected answer " + response.statusCode() + " to vote " + i);
                        }
                    } catch (Exception e) {
                        nanos[i] = System.nanoTime() - t0;
                        if (failed.incrementAndGet() <= 3) {
                            System.out.println("vote " + i + " failed: " + e);
                        }
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the " + name + " phase did not finish in 30 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        Result r = new Result(votes.size() / seconds, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6,
                nanos[nanos.length - 1] / 1e6, counted.get());
        System.out.printf("%s: %,d votes in %.1f s = %,.0f votes/s; latency p50 %.2f ms, p99 %.2f ms, max %.1f ms; %d failed%n",
                name, votes.size(), seconds, r.perSecond(), r.p50(), r.p99(), r.max(), failed.get());
        return r;
    }

    /** Twelve comparisons of 24 distinct tools; the [comparison id, tool id] of each side. */
    static List<long[]> seedCatalog(CatalogImporter importer, CatalogRepository catalog) {
        Instant published = Instant.now().minus(Duration.ofDays(1));
        for (int i = 0; i < COMPARISONS; i++) {
            importer.store(new ComparisonInput(null, published.plusSeconds(i), side("Bench Tool " + (2 * i)),
                    side("Bench Tool " + (2 * i + 1))), null);
        }
        List<long[]> sides = new ArrayList<>();
        for (Comparison c : catalog.findComparisonsNewestFirst(COMPARISONS)) {
            sides.add(new long[] {c.id(), c.a().tool().id()});
            sides.add(new long[] {c.id(), c.b().tool().id()});
        }
        return sides;
    }

    static SideInput side(String name) {
        return new SideInput(new ToolInput(name, null, "Developer Tools", null, null, "Free", null, null, null),
                new Panel(Verdict.SHIP, 3, 1, 75), null, List.of());
    }

    static void seedReaders(JdbcClient jdbc, int readers, boolean postgres) {
        jdbc.sql("""
                insert into subscriber (email, email_key, status, created_at, updated_at)
                select 'bench' || x || '@example.org', 'bench' || x || '@example.org', 'confirmed',
                       current_timestamp, current_timestamp
                  from RANGE""".replace("RANGE", postgres ? "generate_series(1, :n) as g(x)" : "system_range(1, :n)"))
                .param("n", readers).update();
    }

    /** CPU ticks (1/100 s) per kind of thread, from /proc: the JIT and GC threads are invisible to JMX. */
    static java.util.Map<String, Long> threadCpu() {
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
            try {
                String comm = Files.readString(task.toPath().resolve("comm")).strip();
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                String kind = comm.startsWith("C1 ") || comm.startsWith("C2 ") ? "jit"
                        : comm.startsWith("G1") || comm.startsWith("GC") ? "gc"
                        : comm.startsWith("http-nio") ? "tomcat"
                        : comm.startsWith("HttpClient") || comm.startsWith("pool-") ? "clients" : "other";
                byKind.merge(kind, ticks, Long::sum);
            } catch (Exception e) {
                // the thread ended meanwhile
            }
        }
        return byKind;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
