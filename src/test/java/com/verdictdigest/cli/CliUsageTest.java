package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI's answers that need no database: help, and clear failures for what it does not know. */
class CliUsageTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(Map.of()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** What decides the sending commands' compiler directives (system.JitTuning): the command after the global options. */
    @Test
    void theCommandIsFoundAfterTheGlobalOptionsAndTheirValues() {
        assertThat(VerdictCli.commandName("--data-dir", "/srv/verdict", "serve")).isEqualTo("serve");
        assertThat(VerdictCli.commandName("--data-dir=/srv/verdict", "send", "start", "3")).isEqualTo("send");
        assertThat(VerdictCli.commandName("digest", "list")).isEqualTo("digest");
        assertThat(VerdictCli.commandName("--no-such-option")).isNull();
        assertThat(VerdictCli.commandName()).isNull();
    }

    @Test
    void helpListsEveryCommandWithWhatItDoes() {
        Run r = run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: verdict-digest", "serve", "demo", "Run everything embedded");
        CommandLine root = VerdictCli.commandLine(new VerdictCli());
        for (var sub : root.getSubcommands().entrySet()) {
            assertThat(r.out()).as("help names " + sub.getKey()).contains(sub.getKey());
            if (!sub.getKey().equals("help")) {
                assertThat(sub.getValue().getCommandSpec().usageMessage().description())
                        .as(sub.getKey() + " has a description").isNotEmpty();
            }
        }
    }

    @Test
    void everyCommandAnswersHelpWithoutStartingAnything() {
        CommandLine root = VerdictCli.commandLine(new VerdictCli());
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            Run r = run(name, "--help");
            assertThat(r.exitCode()).as(name + " --help").isZero();
            assertThat(r.out()).as(name + " --help").contains("Usage: verdict-digest " + name);
        }
    }

    @Test
    void anUnknownCommandIsAUsageErrorThatSaysSo() {
        Run r = run("sendd");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument", "sendd");
    }

    @Test
    void aBadOptionIsAUsageErrorNamingTheOption() {
        Run r = run("demo", "--no-such-option");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
    }

    @Test
    void noCommandAtAllSaysWhichOnesExist() {
        Run r = run();

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing command", "serve", "demo");
    }

    @Test
    void aNonNumericPortIsRefused() {
        Run r = run("serve", "--port", "eighty");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--port", "eighty");
    }
}
