package com.verdictdigest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Tests wait for what they expect (Awaitility), never for a fixed time: one that is too short
 * on a busy machine fails at random, one that is long enough everywhere makes the suite slow.
 */
class TestsWaitForConditionsTest {

    static final Pattern SLEEP = Pattern.compile("\\b(Thread|TimeUnit\\.[A-Z]+|SECONDS|MILLISECONDS)\\s*\\.\\s*sleep\\s*\\(");

    @Test
    void noTestSleepsForAFixedTime() throws IOException {
        List<String> sleeps = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (SLEEP.matcher(lines.get(i)).find()) {
                        sleeps.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(sleeps).as("fixed sleeps in tests").isEmpty();
    }
}
