package com.verdictdigest.system;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HotSpot compiles the JDK with both of its compilers and everything else (H2, Spring, Angus,
 * FreeMarker, this application) with C1 only, for the commands that send mail ({@code serve},
 * {@code demo}, {@code send}). Why: a weekly send runs in a JVM that has not sent since last
 * week, and on 2 cores C2 spent 4-5 of a 20,000-mail issue's 9-12 CPU seconds compiling library
 * code (H2's MVStore above all), recompiling it after deoptimisations through the whole issue.
 * C1's code is somewhat slower but costs little to make: {@code bench/send} measured the first
 * issue at 4,299 msgs/s against 3,536 and 6.0 CPU s against 9.0 (README "Benchmarks"). The
 * JDK keeps C2 because its hot code is intrinsics C1 lacks (RSA's Montgomery multiplication,
 * SHA-256), and so does Bouncy Castle (Ed25519). So do the two DKIM byte loops (the header and
 * body canonicalisers): only a signed send runs them, the warm-up compiles them before the first
 * issue, and C2's code cut a signed copy's CPU beside its signature by ~12 µs.
 *
 * <p>Applied at start-up as a compiler directive through HotSpot's diagnostic command MBean (what
 * {@code jcmd <pid> Compiler.directives_add} does), so {@code java -jar} needs no flag. On a
 * JVM without that MBean nothing changes. {@code -Dverdict.jit=default} or
 * {@code VERDICT_JIT=default} leaves HotSpot's own policy.
 */
public final class JitTuning {

    private static final Logger log = LoggerFactory.getLogger(JitTuning.class);
    private static final Set<String> SENDING_COMMANDS = Set.of("serve", "demo", "send");
    static final String DIRECTIVES = "jit-directives.json";

    private JitTuning() {
    }

    /** Applies the directives when {@code command} (the CLI's top-level command, null if none) sends mail. */
    public static boolean applyFor(String command) {
        return SENDING_COMMANDS.contains(command) && apply();
    }

    /** @return whether the directives are in force now */
    public static boolean apply() {
        String choice = System.getProperty("verdict.jit", System.getenv().getOrDefault("VERDICT_JIT", "tuned"));
        if ("default".equals(choice.toLowerCase(Locale.ROOT))) {
            return false;
        }
        Path file = null;
        try (InputStream in = JitTuning.class.getResourceAsStream(DIRECTIVES)) {
            if (in == null) {
                throw new IOException(DIRECTIVES + " is not in the jar");
            }
            // The command takes a file name.
            file = Files.createTempFile("verdict-jit", ".json");
            Files.write(file, in.readAllBytes());
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            boolean added = String.valueOf(answer).contains("added");
            if (!added) {
                log.warn("compiler directives not taken ({}): HotSpot's own policy stays", String.valueOf(answer).strip());
            }
            return added;
        } catch (Exception | LinkageError e) {
            log.debug("compiler directives not applied (not HotSpot?): {}", e.toString());
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }
}
