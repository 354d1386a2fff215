package com.verdictdigest.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The migration tree keeps its convention (db/migration/README.md): one folder for every
 * database and one per vendor, SQL only, release 0.1's files as they were, and every later one
 * named {@code V<N>__<module>_<what>.sql} with an integer N above every version of release 0.1,
 * so that a database of any earlier release upgrades.
 */
class MigrationTreeTest {

    static final Path TREE = Path.of("src/main/resources/db/migration");
    static final Path RELEASE_0_1 = Path.of("src/test/resources/db/releases/v0_1");
    static final Set<String> VENDORS = Set.of("h2", "postgresql");
    static final Pattern NEW_NAME = Pattern.compile("V([1-9][0-9]*)__([a-z]+)_([a-z0-9]+(?:_[a-z0-9]+)*)\\.sql");
    static final Pattern ANY_VERSION = Pattern.compile("V([0-9_]+)__.+\\.sql");

    /** Why the file breaks the convention, or empty when it keeps it. */
    static Optional<String> breach(String file, Set<String> modules, Set<String> release01Files) {
        if (release01Files.contains(file)) {
            return Optional.empty();
        }
        Matcher m = NEW_NAME.matcher(file);
        if (!m.matches()) {
            return Optional.of(file + ": not V<N>__<module>_<what>.sql (lower case, N an integer)");
        }
        if (!modules.contains(m.group(2))) {
            return Optional.of(file + ": '" + m.group(2) + "' is not a module (" + modules + ")");
        }
        if (MigrationVersion.fromVersion(m.group(1)).compareTo(MigrationVersion.fromVersion(DatabaseMigrations.RELEASE_0_1_LAST)) <= 0) {
            return Optional.of(file + ": version " + m.group(1) + " is not above release 0.1's last ("
                    + DatabaseMigrations.RELEASE_0_1_LAST + "): a 0.1 database would refuse it");
        }
        return Optional.empty();
    }

    static Set<String> modules() throws IOException {
        try (Stream<Path> packages = Files.list(Path.of("src/main/java/com/verdictdigest"))) {
            return packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Release 0.1's file names, and in its place the SQL pair that replaced its Java migration. */
    static Set<String> release01Files() throws IOException {
        Set<String> names = new TreeSet<>(files(RELEASE_0_1).keySet().stream().map(p -> p.getFileName().toString()).toList());
        names.add("V3_21__subscriber_search.sql");
        return names;
    }

    /** Every file under {@code root}, by its path relative to it, with its bytes. */
    static Map<Path, byte[]> files(Path root) throws IOException {
        Map<Path, byte[]> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static String version(Path file) {
        Matcher m = ANY_VERSION.matcher(file.getFileName().toString());
        return m.matches() ? MigrationVersion.fromVersion(m.group(1).replace('_', '.')).getVersion() : file.toString();
    }

    @Test
    void everyMigrationIsSqlInTheCommonOrAVendorFolderAndNamedByTheConvention() throws IOException {
        Set<String> modules = modules();
        Set<String> release01 = release01Files();
        List<String> breaches = new ArrayList<>();
        for (Path file : files(TREE).keySet()) {
            if (file.toString().equals("README.md")) {
                continue;
            }
            String folder = file.getNameCount() == 2 ? file.getName(0).toString() : "";
            if (!folder.equals("common") && !VENDORS.contains(folder)) {
                breaches.add(file + ": outside db/migration/common and db/migration/{" + String.join(",", VENDORS) + "}");
                continue;
            }
            breach(file.getFileName().toString(), modules, release01).ifPresent(breaches::add);
        }
        assertThat(breaches).isEmpty();
    }

    /**
     * A database at any landed version upgrades: a version not landed yet is above every landed
     * one (V30-V32 and V50-V52 were added below the landed V60/V61 once; a database at V61 would
     * have refused them), and no landed version is gone.
     */
    @Test
    void newVersionsAreAboveEveryLandedVersion() throws IOException {
        List<MigrationVersion> landed = Files.readAllLines(Path.of("src/test/resources/db/landed-versions.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(MigrationVersion::fromVersion).toList();
        MigrationVersion highest = landed.stream().max(Comparable::compareTo).orElseThrow();
        Set<MigrationVersion> inTree = files(TREE).keySet().stream()
                .filter(p -> ANY_VERSION.matcher(p.getFileName().toString()).matches())
                .map(p -> MigrationVersion.fromVersion(version(p))).collect(Collectors.toSet());
        assertThat(inTree).as("landed versions still in the tree").containsAll(landed);
        assertThat(inTree.stream().filter(v -> !landed.contains(v)).filter(v -> v.compareTo(highest) <= 0).toList())
                .as("new versions at or below the highest landed one (%s)", highest).isEmpty();
    }

    @Test
    void aVersionIsUsedOnceAndAVendorVersionExistsForEveryVendor() throws IOException {
        Map<String, List<Path>> byVersion = files(TREE).keySet().stream().filter(p -> p.getNameCount() == 2)
                .collect(Collectors.groupingBy(MigrationTreeTest::version, TreeMap::new, Collectors.toList()));
        byVersion.forEach((version, paths) -> {
            Set<String> folders = paths.stream().map(p -> p.getName(0).toString()).collect(Collectors.toSet());
            assertThat(folders).as("V%s: %s", version, paths).satisfiesAnyOf(
                    f -> assertThat(f).isEqualTo(Set.of("common")),
                    f -> assertThat(f).isEqualTo(VENDORS));
            assertThat(paths).as("V%s once per folder", version).hasSize(folders.size());
        });
    }

    @Test
    void release01MigrationsAreKeptByteForByte() throws IOException {
        Map<Path, byte[]> now = files(TREE);
        Map<Path, byte[]> then = files(RELEASE_0_1);
        then.forEach((path, bytes) -> {
            if (path.toString().endsWith(".java")) {
                return;
            }
            assertThat(now).as("%s moved or removed", path).containsKey(path);
            assertThat(now.get(path)).as("%s edited: its checksum no longer matches 0.1 databases", path).isEqualTo(bytes);
        });
    }

    @Test
    void noJavaMigrationsAreLeft() throws IOException {
        assertThat(new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/**/*.class")).isEmpty();
    }

    @Test
    void theConventionRefusesWhatWouldBreakAnUpgrade() throws IOException {
        Set<String> modules = modules();
        Set<String> release01 = release01Files();

        assertThat(breach("V12__subscribers_time_zone.sql", modules, release01)).isEmpty();
        assertThat(breach("V6__delivery_send_rate.sql", modules, release01)).isEmpty();
        assertThat(breach("V5_2__schedule_run.sql", modules, release01)).as("release 0.1's own file").isEmpty();

        assertThat(breach("V3_3__subscribers_locale.sql", modules, release01)).get().asString().contains("not V<N>");
        assertThat(breach("V5__subscribers_locale.sql", modules, release01)).get().asString().contains("not above");
        assertThat(breach("V6__time_zone.sql", modules, release01)).get().asString().contains("not a module");
        assertThat(breach("V6__subscribers.sql", modules, release01)).get().asString().contains("not V<N>");
        assertThat(breach("V6__Subscribers_Zone.sql", modules, release01)).isPresent();
        assertThat(breach("V6__subscribers_zone.SQL", modules, release01)).isPresent();
    }
}
