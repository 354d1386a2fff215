package com.verdictdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

import com.verdictdigest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code serve} with the shipped defaults stops before it starts anything, naming every key that
 * still holds its example value; each key set removes it from the list.
 */
class ServeRefusesExampleIdentityTest {

    record Run(int exit, String out, String err) {
    }

    static Run serve(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("spring.datasource.url", TestDatabase.H2.freshUrl());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = VerdictCli.commandLine(new VerdictCli(all));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("serve", "--port", "0");
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theShippedDefaultsAreRefusedNamingEveryKeyToSet() {
        Run r = serve(Map.of());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("running at");
        assertThat(r.err()).contains("example identity",
                "verdict.site.public-url: still http://localhost:8080",
                "verdict.sender.domain: still verdicts.example.com",
                "verdict.site.postal-address: still the example address",
                "verdict.security.users: no user with role ADMIN or EDITOR",
                "doctor");
    }

    @Test
    void onlyTheKeysStillMissingAreNamed() {
        Run r = serve(Map.of(
                "verdict.site.public-url", "https://news.acme-verdicts.io",
                "verdict.sender.domain", "mail.example.org", // reserved for examples: still refused
                "verdict.security.users[0].username", "ed",
                "verdict.security.users[0].password", "{noop}x",
                "verdict.security.users[0].roles", "EDITOR"));

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("verdict.sender.domain: still mail.example.org", "verdict.site.postal-address")
                .doesNotContain("verdict.site.public-url", "verdict.security.users");
    }

    @Test
    void aUserWithoutARoleIsNoStaff() {
        Run r = serve(Map.of("verdict.security.users[0].username", "nobody",
                "verdict.security.users[0].password", "{noop}x"));

        assertThat(r.err()).contains("verdict.security.users: no user with role ADMIN or EDITOR");
    }
}
