package com.verdictdigest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each table has one owning module, and only its code writes it: a scan of the SQL in every
 * module's sources for {@code insert into}, {@code update} and {@code delete from}. The subscriber
 * tables are not even read from outside subscribers: delivery reads the {@code subscriber_recipient}
 * view that subscribers publishes for it.
 */
class TableOwnershipTest {

    static final Path SOURCES = Path.of("src/main/java/com/verdictdigest");
    static final Path MIGRATIONS = Path.of("src/main/resources/db");

    /** Owner of each table the migrations create (Quartz's qrtz_* tables are Quartz's own, under schedule). */
    static final Map<String, Set<String>> OWNERS = Map.of(
            "catalog", Set.of("tool", "comparison", "comparison_side", "review"),
            "digest", Set.of("digest_issue", "digest_issue_item", "digest_issue_event", "digest_window_run", "digest_lock"),
            "subscribers", Set.of("subscriber", "subscriber_event", "confirmation_token", "suppression", "subscriber_recipient",
                    "subscriber_outbox"),
            "delivery", Set.of("delivery_send", "delivery_ledger"),
            "bounces", Set.of("processed_bounce", "unverified_bounce", "quarantined_bounce"),
            "schedule", Set.of("schedule_run"),
            "votes", Set.of("vote", "vote_history", "vote_tally"),
            "system", Set.of("system_secret"),
            "web", Set.of("web_login_failure"));

    static final Pattern WRITE = Pattern.compile("(?i)\\b(insert\\s+into|update|delete\\s+from)\\s+([a-z_]+)\\b");
    static final Pattern READ_SUBSCRIBER = Pattern.compile(
            "(?i)\\b(from|join)\\s+(subscriber|subscriber_event|confirmation_token|suppression)\\b");
    static final Pattern CREATE = Pattern.compile("(?i)\\bcreate\\s+(table|view)\\s+([a-z_]+)");

    static String owner(String table) {
        return OWNERS.entrySet().stream().filter(e -> e.getValue().contains(table)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    @Test
    void everyTableTheMigrationsCreateHasAnOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Matcher m = CREATE.matcher(Files.readString(f));
                while (m.find()) {
                    created.add(m.group(2).toLowerCase(Locale.ROOT));
                }
            }
        }
        assertThat(created).as("tables found").contains("subscriber", "delivery_ledger", "digest_issue");
        assertThat(created.stream().filter(t -> !t.startsWith("qrtz_") && owner(t) == null).toList())
                .as("tables with no owner in this test").isEmpty();
    }

    @Test
    void onlyTheOwningModuleWritesATable() throws IOException {
        List<String> foreign = new ArrayList<>();
        int writes = 0;
        for (Path file : javaFiles()) {
            String module = SOURCES.relativize(file).getName(0).toString();
            Matcher m = WRITE.matcher(Files.readString(file));
            while (m.find()) {
                String owner = owner(m.group(2).toLowerCase(Locale.ROOT));
                if (owner != null) {
                    writes++;
                    if (!owner.equals(module)) {
                        foreign.add(SOURCES.relativize(file) + ": " + m.group().replaceAll("\\s+", " ") + " (owned by " + owner + ")");
                    }
                }
            }
        }
        assertThat(writes).as("write statements found (the scan works)").isGreaterThan(30);
        assertThat(foreign).isEmpty();
    }

    @Test
    void nothingOutsideSubscribersReadsTheSubscriberTables() throws IOException {
        List<String> foreign = new ArrayList<>();
        for (Path file : javaFiles()) {
            String module = SOURCES.relativize(file).getName(0).toString();
            Matcher m = READ_SUBSCRIBER.matcher(Files.readString(file));
            while (m.find()) {
                if (!module.equals("subscribers")) {
                    foreign.add(SOURCES.relativize(file) + ": " + m.group());
                }
            }
        }
        assertThat(foreign).isEmpty();
    }

    static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> SOURCES.relativize(p).getNameCount() > 1).toList();
            assertThat(list).as("sources under " + SOURCES.toAbsolutePath()).isNotEmpty();
            return list;
        }
    }
}
