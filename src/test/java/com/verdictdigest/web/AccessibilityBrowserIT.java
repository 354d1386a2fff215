package com.verdictdigest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.digest.DigestFixtures;
import com.verdictdigest.digest.DigestIssues;
import com.verdictdigest.digest.IssueItem;
import com.verdictdigest.digest.IssueLifecycle;
import com.verdictdigest.digest.IssueState;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DevMailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * Every page of the product in headless Chromium, as a visitor, a subscriber, an editor and an
 * admin, each at 375 px (a phone) and 1280 px: no page is wider than the screen, and axe-core
 * (injected from a test resource, see src/test/resources/axe/README.md) finds no serious or
 * critical violation on any of them. Screenshots go to target/screenshots/a11y/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "verdict.security.users[0].username=ed",
        "verdict.security.users[0].password={noop}ed-secret",
        "verdict.security.users[0].roles=EDITOR",
        "verdict.security.users[1].username=ada",
        "verdict.security.users[1].password={noop}ada-secret",
        "verdict.security.users[1].roles=ADMIN",
        "verdict.schedule.enabled=false"})
@ContextConfiguration(initializers = AccessibilityBrowserIT.DemoMailServer.class)
class AccessibilityBrowserIT {

    static final int PORT = freePort();
    static final String BASE = "http://localhost:" + PORT;
    static final DevMailServer MAIL = DevMailServer.start();
    static final Path SHOTS = Path.of("target", "screenshots", "a11y");
    static final List<Integer> WIDTHS = List.of(375, 1280);

    /** Demo mode's dev inbox, so its pages are visited too. */
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
        registry.add("verdict.data-dir", () -> DATA.toString());
    }

    static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("a11y-data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    CatalogImporter catalog;
    @Autowired
    DigestIssues issues;
    @Autowired
    IssueLifecycle lifecycle;
    @Autowired
    com.verdictdigest.votes.VoteLinks voteLinks;

    @TempDir
    Path tmp;

    ChromeDriver driver;
    final List<String> problems = new ArrayList<>();
    final List<String> visited = new ArrayList<>();
    String axeSource;

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
    void everyPageFitsAPhoneAndADesktopAndHasNoSeriousAccessibilityViolation() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/axe/axe.min.js")) {
            axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int[] numbers = content();
        int sent = numbers[0];
        int draft = numbers[1];
        Files.createDirectories(SHOTS);

        // A visitor and a subscriber.
        browser();
        page("catalog", "/");
        page("catalog-search", "/?q=codestral&category=Developer+Tools");
        page("catalog-no-match", "/?q=nothing-like-this");
        page("archive", "/archive");
        page("archived-issue", "/archive/" + sent);
        page("test-copy-view-online", "/archive/" + draft + "?test-copy");
        page("subscribe", "/subscribe");
        driver.findElement(By.id("email")).sendKeys("reader@example.org");
        driver.findElement(By.id("name")).sendKeys("Rea Der");
        driver.findElement(By.id("subscribe")).click();
        waitFor(() -> driver.getCurrentUrl().endsWith("/subscribe/sent"));
        check("subscribe-sent");
        String token = confirmationToken();
        page("confirm", "/confirm/" + token);
        driver.findElement(By.id("confirm")).click();
        waitFor(() -> !driver.findElements(By.id("confirm-confirmed")).isEmpty());
        check("confirmed");
        driver.findElement(By.id("preferences")).click();
        waitFor(() -> !driver.findElements(By.id("preferences-form")).isEmpty());
        check("preferences");
        String subscriberPath = new java.net.URI(driver.getCurrentUrl()).getPath();
        // The reader's own vote link, as their copy of the sent issue carries it (their id leads their link token, ID-MAC).
        long readerId = Long.parseLong(subscriberPath.substring(subscriberPath.lastIndexOf('/') + 1).split("-")[0], 36);
        var voted = issues.snapshot(sent).comparisons().get(0);
        String[] voteUrls = voteLinks.forIssue(sent).urls(readerId, voted.id(), voted.a().tool().id());
        page("vote-ask", new java.net.URI(voteUrls[0]).getPath());
        driver.findElement(By.id("vote")).click();
        waitFor(() -> !driver.findElements(By.id("counted")).isEmpty());
        check("vote-counted");
        page("vote-preview", "/votes/preview");
        page("vote-invalid", "/votes/not-a-vote-token");
        page("unsubscribe-ask", subscriberPath.replace("/preferences/", "/unsubscribe/"));
        page("preferences-test-copy", "/preferences/test-copy");
        page("unsubscribe-test-copy", "/unsubscribe/test-copy");
        page("confirm-unknown", "/confirm/no-such-token-at-all-here-00000000000000000");
        page("not-found", "/nope");
        page("login", "/login");
        page("dev-inbox", "/dev/inbox");
        driver.findElement(By.cssSelector("#inbox a")).click();
        waitFor(() -> !driver.findElements(By.id("subject")).isEmpty());
        check("dev-inbox-message");
        driver.quit();

        // An editor.
        browser();
        login("ed", "ed-secret");
        page("editor-issues", "/editor");
        page("editor-draft", "/editor/issues/" + draft);
        page("editor-sent", "/editor/issues/" + sent);
        page("editor-send", "/editor/issues/" + sent + "/send");
        page("editor-send-plan", "/editor/issues/" + draft + "/send?delivery=local&localTime=08:00");
        page("editor-sending", "/editor/sending");
        // The server's question before an irreversible action, as a browser without the dialog meets it.
        page("editor-issues", "/editor");
        ((JavascriptExecutor) driver).executeScript(
                "var f = document.getElementById('close-window'); f.removeAttribute('data-confirm'); f.submit();");
        waitFor(() -> !driver.findElements(By.id("confirm-action")).isEmpty());
        check("confirm-action");
        page("forbidden", "/admin/subscribers");
        page("logout", "/logout");
        driver.quit();

        // An admin.
        browser();
        login("ada", "ada-secret");
        page("admin-subscribers", "/admin/subscribers");
        page("admin-search-domain", "/admin/subscribers?in=domain&q=example.org");
        driver.findElement(By.cssSelector("#subscribers a")).click();
        waitFor(() -> !driver.findElements(By.id("events")).isEmpty());
        check("admin-subscriber");
        page("admin-zone-filter", "/admin/subscribers?zone=UTC");
        page("admin-import", "/admin/subscribers/import");
        Path csv = tmp.resolve("people.csv");
        Files.writeString(csv, "email,name,categories\nnew@example.org,New Person,Developer Tools\nbroken@,X,\n");
        driver.findElement(By.name("file")).sendKeys(csv.toAbsolutePath().toString());
        driver.findElement(By.id("dry-run")).click();
        waitFor(() -> !driver.findElements(By.id("summary")).isEmpty());
        check("admin-import-dry-run");
        page("admin-growth", "/admin/subscribers/growth");
        page("admin-bounces", "/admin/bounces");
        page("admin-logins", "/admin/logins");
        page("bad-request", "/admin/subscribers/abc");

        assertThat(visited).hasSizeGreaterThan(30);
        assertThat(problems).as("pages wider than the screen or with serious/critical axe violations").isEmpty();
    }

    /** A sent issue (in the archive), a draft with one item removed, and a run that found nothing. */
    int[] content() {
        for (ComparisonInput in : DigestFixtures.inputs()) {
            catalog.store(in, null);
        }
        int sent = lifecycle.closeWindow(DigestFixtures.WINDOW_START, DigestFixtures.CUTOFF, "test").orElseThrow().number();
        lifecycle.approve(sent, "ed");
        await().atMost(Duration.ofSeconds(30)).until(() -> issues.require(sent).state() == IssueState.SENT);
        Instant later = DigestFixtures.CUTOFF.plus(Duration.ofDays(1));
        catalog.store(new ComparisonInput(null, later,
                new SideInput(new ToolInput("Later Tool", null, "Developer Tools", "Comes later", null, "Free", null, null, null), null, null, null),
                new SideInput(new ToolInput("Other Tool", null, "Coding Assistants", "Also later", null, "Paid", null, null, null), null, null, null)),
                null);
        catalog.store(new ComparisonInput(null, later.plusSeconds(60),
                new SideInput(new ToolInput("Third Tool", null, "Developer Tools", null, null, null, null, null, null), null, null, null),
                new SideInput(new ToolInput("Fourth Tool", null, "Developer Tools", null, null, null, null, null, null), null, null, null)),
                null);
        Instant cutoff = later.plus(Duration.ofDays(6));
        int draft = lifecycle.closeWindow(DigestFixtures.CUTOFF, cutoff, "test").orElseThrow().number();
        var items = issues.items(draft);
        issues.removeItem(draft, IssueItem.Kind.COMPARISON, items.get(0).id(), "ed");
        lifecycle.closeWindow(null, cutoff.plusSeconds(3600), "ed");
        return new int[] {sent, draft};
    }

    void browser() {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + tmp.resolve("profile-" + System.nanoTime()).toAbsolutePath());
        driver = new ChromeDriver(o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    void login(String user, String password) {
        driver.get(BASE + "/login");
        driver.findElement(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        waitFor(() -> !driver.getCurrentUrl().endsWith("/login"));
        assertThat(driver.findElement(By.id("signed-in-as")).getText()).isEqualTo(user);
    }

    /** Loads the page at each width, as a phone or a desktop would open it, and checks it. */
    void page(String label, String path) {
        visited.add(label);
        for (int width : WIDTHS) {
            emulate(width);
            driver.get(BASE + path);
            waitFor(() -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
            checkAt(label, width);
        }
    }

    /** The page a form led to (it cannot be loaded again): resized to each width and checked. */
    void check(String label) {
        visited.add(label);
        for (int width : WIDTHS) {
            emulate(width);
            driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + " requestAnimationFrame(function () { requestAnimationFrame(function () { done(); }); });");
            checkAt(label, width);
        }
    }

    void emulate(int width) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 900,
                "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Nothing wider than the screen, and axe's serious and critical findings, if any. */
    @SuppressWarnings("unchecked")
    void checkAt(String label, int width) {
        JavascriptExecutor js = driver;
        {
            Long scroll = (Long) js.executeScript("return document.documentElement.scrollWidth");
            Long screen = (Long) js.executeScript("return document.documentElement.clientWidth");
            if (scroll > screen) {
                problems.add(label + " at " + width + " px: the page is " + scroll + " px wide (" + widest() + ")");
            }
            screenshot(label + "-" + width);
            if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object'"))) {
                js.executeScript(axeSource);
            }
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    axe.run(document, {iframes: false, resultTypes: ['violations']}).then(function (r) {
                      done(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
                        .map(function (v) { return {id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' ') + ': ' + n.failureSummary; })}; }));
                    }).catch(function (e) { done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]); });
                    """);
            for (Map<String, Object> v : violations) {
                problems.add(label + " at " + width + " px: " + v.get("impact") + " " + v.get("id") + " (" + v.get("help")
                        + ") " + v.get("nodes"));
            }
        }
    }

    /** The element that sticks out furthest, for the failure message. */
    String widest() {
        return String.valueOf(driver.executeScript("""
                var w = document.documentElement.clientWidth, worst = null, right = w;
                document.querySelectorAll('body *').forEach(function (e) {
                  var r = e.getBoundingClientRect();
                  if (r.right > right) { right = r.right; worst = e; }
                });
                return worst ? worst.tagName + (worst.id ? '#' + worst.id : '') + '.' + worst.className + ' to ' + Math.round(right) + ' px' : 'none';
                """));
    }

    void screenshot(String name) {
        try {
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reader's confirmation link, once the sign-up outbox has mailed it (other mails may come first). */
    String confirmationToken() {
        String[] token = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (MimeMessage m : MAIL.greenMail().getReceivedMessages()) {
                Matcher link = Pattern.compile("/confirm/([A-Za-z0-9_-]{43})").matcher(GreenMailUtil.getBody(m).replace("=\r\n", ""));
                if (m.getAllRecipients()[0].toString().contains("reader@example.org") && link.find()) {
                    token[0] = link.group(1);
                    return true;
                }
            }
            return false;
        });
        return token[0];
    }

    void waitFor(java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out on " + driver.getCurrentUrl() + ", page:\n" + driver.getPageSource(), e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
