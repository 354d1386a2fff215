package com.verdictdigest.digest;

import java.time.Clock;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import com.verdictdigest.catalog.CatalogRepository;
import com.verdictdigest.support.Config;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Creates the fixture week's issue on a database other tests (the CLI's) also use. */
public final class DigestIssuesTestAccess {

    private final DigestIssues issues;

    public DigestIssuesTestAccess(DataSource ds) {
        JdbcClient jdbc = JdbcClient.create(ds);
        issues = new DigestIssues(new DigestRepository(jdbc), new CatalogRepository(jdbc),
                new DigestRenderer(new EmailTemplates((String) null), DigestFixtures.site(), Config.defaults(DigestProperties.class)),
                Config.defaults(DigestProperties.class), DigestFixtures.site(), Clock.fixed(DigestFixtures.CUTOFF, ZoneOffset.UTC));
    }

    public int createIssue() {
        return issues.createIssue(DigestFixtures.WINDOW_START, DigestFixtures.CUTOFF, "test").orElseThrow().number();
    }
}
