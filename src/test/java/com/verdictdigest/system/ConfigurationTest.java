package com.verdictdigest.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.verdictdigest.delivery.DeliveryProperties;
import com.verdictdigest.subscribers.SubscribersProperties;
import com.verdictdigest.support.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The configuration records ({@code @ConfigurationProperties}) are the one place of each
 * default; application.yml and README's table repeat them for the reader, and this test keeps
 * all three saying the same, refuses keys that belong to no record, and shows that a bad value
 * stops the start naming its key.
 */
class ConfigurationTest {

    /** Every configuration record of the product. */
    static List<Class<?>> records() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> out = new ArrayList<>();
        for (BeanDefinition d : scanner.findCandidateComponents("com.verdictdigest")) {
            out.add(Class.forName(d.getBeanClassName()));
        }
        out.sort(Comparator.comparing(Class::getName));
        return out;
    }

    /** Every key a record binds, lists of records as {@code name[i].field}. */
    static Set<String> keys(Class<?> record) {
        Set<String> out = new TreeSet<>();
        keys(Config.prefix(record), record, out);
        return out;
    }

    private static void keys(String prefix, Class<?> record, Set<String> out) {
        for (RecordComponent c : record.getRecordComponents()) {
            String key = prefix + "." + kebab(c.getName());
            Class<?> element = listElement(c.getGenericType());
            if (c.getType().isRecord()) {
                keys(key, c.getType(), out);
            } else if (element != null && element.isRecord()) {
                keys(key + "[i]", element, out);
            } else {
                out.add(key);
            }
        }
    }

    private static Class<?> listElement(Type type) {
        return type instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> c ? c : null;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    static PropertySource<?> applicationYml() throws IOException {
        return new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml")).get(0);
    }

    @Test
    void applicationYmlSaysWhatEachRecordDefaultsTo() throws Exception {
        Binder yml = new Binder(ConfigurationPropertySources.from(applicationYml()));
        for (Class<?> record : records()) {
            assertThat(yml.bindOrCreate(Config.prefix(record), Bindable.of(record))).as(record.getSimpleName())
                    .isEqualTo(Config.defaults(record));
        }
    }

    @Test
    void everyVerdictKeyInApplicationYmlBelongsToARecord() throws Exception {
        Set<String> known = new TreeSet<>();
        for (Class<?> record : records()) {
            known.addAll(keys(record));
        }
        List<String> strangers = new ArrayList<>();
        for (String name : ((EnumerablePropertySource<?>) applicationYml()).getPropertyNames()) {
            String key = name.replaceAll("\\[\\d+]", "[i]");
            if (key.startsWith("verdict.") && !known.contains(key) && known.stream().noneMatch(k -> k.startsWith(key + "[i]."))) {
                strangers.add(name);
            }
        }
        assertThat(strangers).as("keys no record binds: they do nothing").isEmpty();
    }

    @Test
    void applicationYmlListsEveryKeyOfEveryRecord() throws Exception {
        Set<String> inYml = new TreeSet<>();
        for (String name : ((EnumerablePropertySource<?>) applicationYml()).getPropertyNames()) {
            inYml.add(name.replaceAll("\\[\\d+]", "[i]"));
        }
        for (Class<?> record : records()) {
            for (String key : keys(record)) {
                String list = key.contains("[i]") ? key.substring(0, key.indexOf("[i]")) : key;
                // An unset key (start, port, key-file) appears commented out or empty.
                assertThat(inYml.contains(key) || inYml.contains(list) || commentedOut(key)).as(key + " in application.yml").isTrue();
            }
        }
    }

    private static boolean commentedOut(String key) throws IOException {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        return Files.readAllLines(Path.of("src/main/resources/application.yml")).stream()
                .anyMatch(l -> l.strip().startsWith("# " + leaf + ":"));
    }

    @Test
    void readmeListsEveryKeyOfEveryRecordWithItsDefault() throws Exception {
        Map<String, String> rows = readmeRows();
        Set<String> bound = new TreeSet<>();
        for (Class<?> record : records()) {
            // All of a record's README defaults at once: a nested pair (per-ip) is only valid whole.
            List<String> readmeDefaults = new ArrayList<>();
            for (String key : keys(record)) {
                bound.add(key);
                assertThat(rows).as("README's configuration table").containsKey(key);
                if (!key.contains("[i]")) {
                    defaultIn(rows.get(key)).ifPresent(value ->
                            readmeDefaults.add(key.substring(Config.prefix(record).length() + 1) + "=" + value));
                }
            }
            assertThat(Config.bind(record, readmeDefaults.toArray(String[]::new))).as("README's defaults of " + record.getSimpleName())
                    .isEqualTo(Config.defaults(record));
        }
        assertThat(rows.keySet().stream().filter(k -> k.startsWith("verdict.")).toList())
                .as("README keys that no record binds").allSatisfy(k -> assertThat(bound).contains(k));
    }

    /** README's configuration table: key → default cell. */
    static Map<String, String> readmeRows() throws IOException {
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| .*\\|$");
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher m = row.matcher(line);
            if (m.matches()) {
                out.put(m.group(1), m.group(2).strip());
            }
        }
        return out;
    }

    /** A default cell the test can check: one `literal`, or "empty…"; free text (none, derived) is not checked. */
    static Optional<String> defaultIn(String cell) {
        Matcher literal = Pattern.compile("`([^`]*)`").matcher(cell);
        if (literal.matches()) {
            return Optional.of(literal.group(1));
        }
        return cell.startsWith("empty") ? Optional.of("") : Optional.empty();
    }

    @Test
    void durationsAreWrittenOneWayEverywhere() throws IOException {
        Pattern iso = Pattern.compile("\\bPT\\d");
        for (Path file : List.of(Path.of("README.md"), Path.of("src/main/resources/application.yml"))) {
            try (Stream<String> lines = Files.lines(file)) {
                assertThat(lines.filter(l -> iso.matcher(l).find()).toList()).as(file + ": 5m, 48h, 10d, not PT5M").isEmpty();
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            verdict.delivery.connections=0                   | verdict.delivery.connections
            verdict.delivery.lease=0s                        | verdict.delivery.lease
            verdict.delivery.bounces.protocol=smtp           | verdict.delivery.bounces.protocol
            verdict.delivery.bounces.processed-folder=INBOX  | processed-folder must differ
            verdict.schedule.cron=every monday               | verdict.schedule.cron
            verdict.subscribers.per-ip.requests=0            | perIp.requests
            verdict.subscribers.embed-origins=https://x.example/path | embedOrigins[0]
            verdict.subscribers.admin.page-size=0            | verdict.subscribers.admin.page-size
            verdict.site.public-url=localhost:8080           | verdict.site.public-url
            verdict.sender.domain=not a domain               | verdict.sender.domain
            verdict.sender.from-name=Digest\\r\\nBcc: x@example.com | verdict.sender.from-name
            """)
    void aBadValueStopsTheStartNamingItsKey(String setting, String named) throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                        ValidationAutoConfiguration.class))
                .withUserConfiguration(AllRecords.class)
                .withPropertyValues(setting.replace("\\r\\n", "\r\n"))
                .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining(named));
    }

    @Test
    void theDefaultsStartAnApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                        ValidationAutoConfiguration.class))
                .withUserConfiguration(AllRecords.class)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aRateLimitIsRequestsAndPeriodOrOneValue() {
        SubscribersProperties.RateLimit oneValue = Config.bind(SubscribersProperties.class, "per-ip=100/10m").perIp();
        SubscribersProperties.RateLimit twoKeys = Config.bind(SubscribersProperties.class, "per-ip.requests=100",
                "per-ip.per=10m").perIp();

        assertThat(oneValue).isEqualTo(new SubscribersProperties.RateLimit(100, Duration.ofMinutes(10))).isEqualTo(twoKeys);
        assertThat(Config.defaults(SubscribersProperties.class).perAddress())
                .isEqualTo(new SubscribersProperties.RateLimit(5, Duration.ofHours(1)));
    }

    @Test
    void senderAddressesFollowTheDomainUnlessSet() {
        SenderProperties sender = Config.bind(SenderProperties.class,
                "domain=news.example.org");

        assertThat(sender.fromAddress()).isEqualTo("digest@news.example.org");
        assertThat(sender.replyTo()).isEqualTo("editors@news.example.org");
        assertThat(Config.defaults(DeliveryProperties.class).lease()).isEqualTo(Duration.ofMinutes(5));
    }

    /** Every record, found as the application finds them. */
    @ConfigurationPropertiesScan("com.verdictdigest")
    static class AllRecords {
    }
}
