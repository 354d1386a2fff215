package com.verdictdigest.votes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.digest.DigestFixtures;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.IssueState;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DevMailServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A reader in a real browser (headless Chromium): opens this week's digest in the demo's dev
 * inbox, clicks a Ship link of the mail, sees the page that asks, presses the button, sees the
 * community result, changes their mind. Screenshots of each step go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ContextConfiguration(initializers = VoteBrowserIT.DemoMailServer.class)
class VoteBrowserIT {

    static final int PORT = freePort();
    static final String BASE = "http://localhost:" + PORT;
    static final DevMailServer MAIL = DevMailServer.start();
    static final Path SHOTS = Path.of("target", "screenshots");

    /** Demo mode's wiring, as DemoCommand does it: the dev mail server as bean "devMailServer". */
    static class DemoMailServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext ctx) {
            ctx.getBeanFactory().registerSingleton("devMailServer", MAIL);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String url = TestDatabase.H2.freshUrl();
        registry.add("spring.datasource.url", () -> url);
        registry.add("server.port", () -> PORT);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", MAIL::smtpPort);
        registry.add("verdict.site.public-url", () -> BASE);
        registry.add("verdict.schedule.enabled", () -> "false");
    }

    @Autowired
    CatalogImporter catalog;
    @Autowired
    IssueLifecycle lifecycle;
    @Autowired
    DigestIssues issues;
    @Autowired
    JdbcClient jdbc;

    WebDriver driver;
    int shot;

    @BeforeEach
    void browser() throws IOException {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1100,900",
                "--user-data-dir=" + Files.createTempDirectory("chrome-profile").toAbsolutePath());
        driver = new ChromeDriver(options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterAll
    static void stopMail() {
        MAIL.close();
    }

    @Test
    void aReaderClicksShipInTheirDigestPressesTheButtonAndSeesTheResult() throws Exception {
        jdbc.sql("""
                insert into subscriber (email, email_key, name, status, created_at, updated_at)
                values ('kim@example.org', 'kim@example.org', 'Kim', 'confirmed', current_timestamp, current_timestamp)""").update();
        Instant now = Instant.now();
        for (ComparisonInput in : DigestFixtures.inputs()) {
            catalog.store(new ComparisonInput(null, now.minusSeconds(60), in.a(), in.b()), null);
        }
        int number = lifecycle.closeWindow(now.minusSeconds(3600), now, "editor").orElseThrow().number();
        lifecycle.approve(number, "editor");
        await().atMost(Duration.ofSeconds(20)).until(() -> issues.require(number).state() == IssueState.SENT);

        driver.get(BASE + "/dev/inbox");
        driver.findElement(By.partialLinkText("Verdict Digest #" + number)).click();
        assertThat(driver.findElement(By.id("to")).getText()).isEqualTo("Kim <kim@example.org>");
        screenshot("digest-in-the-dev-inbox");
        WebElement ship = driver.findElement(By.cssSelector("#links a[href*='/votes/']"));
        assertThat(driver.findElements(By.cssSelector("#links a[href*='/votes/']"))).hasSize(4 * 3);
        ship.click();

        assertHeading("Your verdict on Mixtral 8x24B: Ship");
        screenshot("vote-page");
        assertThat(count()).isZero();
        driver.findElement(By.id("vote")).click();

        assertHeading("Counted: Ship on Mixtral 8x24B");
        assertThat(driver.findElement(By.id("counted")).getText()).isEqualTo("Thanks: your verdict is counted.");
        assertThat(driver.findElement(By.id("results")).getText()).contains("Mixtral 8x24B 100% ship · 1 ship / 0 skip",
                "Codestral 2.1 no votes yet");
        screenshot("vote-counted");
        assertThat(count()).isEqualTo(1);

        driver.findElement(By.id("change")).click();
        assertHeading("Changed: Skip on Mixtral 8x24B");
        assertThat(driver.findElement(By.id("results")).getText()).contains("Mixtral 8x24B 0% ship · 0 ship / 1 skip");
        screenshot("vote-changed");
        assertThat(jdbc.sql("select choice from vote").query(String.class).list()).containsExactly("skip");
    }

    long count() {
        return jdbc.sql("select count(*) from vote").query(Long.class).single();
    }

    private void screenshot(String name) throws IOException {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SHOTS.resolve(String.format("vote-%02d-%s.png", ++shot, name)), StandardCopyOption.REPLACE_EXISTING);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the page a click leads to: the old page's h1 may still be there for a moment. */
    private void assertHeading(String expected) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(15))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(ExpectedConditions.textToBe(By.tagName("h1"), expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(expected);
        }
    }
}
