package com.verdictdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.support.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The editor in a real browser (headless Chromium): log in, look at the previews at 600 and 375
 * px (screenshots under target/screenshots/), nothing wider than the phone, send a test, approve.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "verdict.security.users[0].username=ed",
        "verdict.security.users[0].password={noop}ed-secret",
        "verdict.security.users[0].roles=EDITOR",
        "spring.mail.host=127.0.0.1",
        "verdict.site.public-url=https://digest.example.com"})
class EditorBrowserIT {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort()).withPerMethodLifecycle(false);

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", TestDatabase.H2::freshUrl);
        r.add("spring.mail.port", () -> greenMail.getSmtp().getPort());
    }

    @LocalServerPort
    int port;

    @Autowired
    CatalogImporter importer;

    @Autowired
    DigestIssues issues;

    @TempDir
    Path profile;

    WebDriver browser;

    @BeforeEach
    void startBrowser() {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions o = new ChromeOptions();
        o.setBinary("/usr/bin/chromium");
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,1000");
        browser = new ChromeDriver(o);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anEditorPreviewsTheIssueAtBothWidthsSendsATestAndApprovesIt() throws Exception {
        for (ComparisonInput in : DigestFixtures.inputs()) {
            importer.store(DigestIssuesTest.withFirstSeen(in), null); // tools new in the window too
        }
        int number = issues.createIssue(DigestFixtures.WINDOW_START, DigestFixtures.CUTOFF, "test").orElseThrow().number();
        String base = "http://localhost:" + port;

        browser.get(base + "/editor");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        browser.findElement(By.name("username")).sendKeys("ed");
        browser.findElement(By.name("password")).sendKeys("ed-secret");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(() -> !browser.findElements(By.id("issues")).isEmpty());
        assertThat(browser.findElement(By.id("issues")).getText()).contains("draft");
        browser.findElement(By.linkText("Verdict Digest #" + number + ": Mixtral 8x24B vs Codestral 2.1 + 2 more")).click();

        waitFor(() -> frameHas("preview-600") && frameHas("preview-375"));
        assertThat(browser.findElement(By.id("lint")).getText()).contains("No findings");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        long width375 = (Long) js.executeScript(
                "return document.getElementById('preview-375').contentDocument.documentElement.scrollWidth");
        long width600 = (Long) js.executeScript(
                "return document.getElementById('preview-600').contentDocument.documentElement.scrollWidth");
        long frame375 = (Long) js.executeScript("return document.getElementById('preview-375').clientWidth");
        assertThat(frame375).isEqualTo(375);
        assertThat(width375).isLessThanOrEqualTo(375);
        assertThat(width600).isLessThanOrEqualTo(600);
        long cards375 = (Long) js.executeScript("return document.getElementById('preview-375').contentDocument"
                + ".querySelectorAll('h2').length");
        assertThat(cards375).isEqualTo(3);
        assertThat(browser.findElement(By.id("preview-text")).getText()).contains("Pixel Forge vs Canvas Kit");

        long height = (Long) js.executeScript("return Math.max(document.getElementById('preview-375').offsetHeight,"
                + " document.getElementById('preview-600').offsetHeight)");
        browser.manage().window().setSize(new Dimension(1400, (int) height + 600));
        screenshot("preview-600", "digest-preview-600.png");
        screenshot("preview-375", "digest-preview-375.png");
        js.executeScript("window.scrollTo(0, 0)");
        Path page = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(page, Path.of("target", "screenshots", "editor-issue-page.png"), StandardCopyOption.REPLACE_EXISTING);

        ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
        screenshot("preview-375", "digest-preview-375-dark.png");
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "light"))));

        WebElement subject = browser.findElement(By.name("subject"));
        subject.clear();
        subject.sendKeys("Split verdicts: Codestral divides the panel");
        browser.findElement(By.name("editorNote")).sendKeys("Founder and panel disagree this week.");
        browser.findElement(By.xpath("//button[text()='Save']")).click();
        waitFor(() -> !browser.findElements(By.id("message")).isEmpty());
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Subject and note saved.");
        // One title format: the heading is the issue's number and state, the subject has its own line.
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Issue #" + number + " draft");
        assertThat(browser.findElement(By.id("subject-line")).getText()).contains("Split verdicts: Codestral divides the panel");
        // A removed item stays listed, marked, with a way to put it back until approval; the preview drops it.
        browser.findElement(By.xpath("//table[@id='items']//tr[td[text()='Pixel Forge vs Canvas Kit']]//button")).click();
        waitFor(() -> browser.findElements(By.cssSelector("#items tr.removed")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#items tr.removed")).getText()).contains("Pixel Forge vs Canvas Kit", "(removed)", "Put back");
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Removed “Pixel Forge vs Canvas Kit”.");
        assertThat(browser.findElements(By.id("undo"))).hasSize(1);
        waitFor(() -> frameHas("preview-600"));
        assertThat((Long) js.executeScript("return document.getElementById('preview-600').contentDocument"
                + ".querySelectorAll('h2').length")).isEqualTo(2);

        browser.findElement(By.name("to")).sendKeys("editor@example.org");
        // The page still shows the last action's message until the post's redirect has loaded.
        WebElement previous = browser.findElement(By.id("message"));
        browser.findElement(By.xpath("//button[text()='Send test']")).click();
        waitFor(() -> stale(previous) && !browser.findElements(By.id("message")).isEmpty());
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Test copy sent to editor@example.org.");
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("[TEST] Split verdicts: Codestral divides the panel");

        // "Approve and send now" asks first in a dialog (js/confirm.js); nobody subscribes here, so the send
        // is over as soon as it starts (and the issue is in the archive, though no first mail went out).
        browser.findElement(By.id("approve")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("dialog[open] #confirm-yes")).isEmpty());
        assertThat(browser.findElement(By.id("confirm-question")).getText()).startsWith("Approve issue #" + number);
        assertThat(issues.require(number).state()).as("nothing happens before the yes").isEqualTo(IssueState.DRAFT);
        browser.findElement(By.id("confirm-yes")).click();
        waitFor(() -> browser.findElement(By.id("state")).getText().equalsIgnoreCase("sent"));
        assertThat(browser.findElement(By.id("message")).getText()).contains("approved");
        assertThat(browser.findElements(By.id("approve"))).isEmpty();
        assertThat(browser.findElements(By.id("cancel"))).as("a sent issue cannot be cancelled").isEmpty();
        assertThat(issues.require(number).state()).isEqualTo(IssueState.SENT);
        assertThat(issues.history(number)).extracting(IssueEvent::action)
                .containsExactly("created", "edited", "removed-item", "approved", "sending", "published", "sent");
        assertThat(issues.history(number)).extracting(IssueEvent::actor)
                .containsExactly("test", "ed", "ed", "ed", "delivery", "delivery", "delivery");
        assertThat(issues.snapshot(number).comparisons()).hasSize(2);
    }

    private static boolean stale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        }
    }

    private boolean frameHas(String id) {
        Object n = ((JavascriptExecutor) browser).executeScript("var f = document.getElementById(arguments[0]);"
                + " return f && f.contentDocument && f.contentDocument.readyState === 'complete'"
                + " ? f.contentDocument.querySelectorAll('h2').length : 0", id);
        return ((Long) n) > 0;
    }

    private void screenshot(String elementId, String file) throws IOException {
        WebElement frame = browser.findElement(By.id(elementId));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", frame);
        Path shot = frame.getScreenshotAs(OutputType.FILE).toPath();
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(shot, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(dir.resolve(file))).isGreaterThan(10_000);
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(15))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class) // the page may be replaced mid-check
                    .until(d -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out on " + browser.getCurrentUrl() + ", page:\n" + browser.getPageSource(), e);
        }
    }
}
