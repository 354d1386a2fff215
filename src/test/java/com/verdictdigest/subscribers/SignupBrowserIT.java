package com.verdictdigest.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.verdictdigest.catalog.CatalogImporter;
import com.verdictdigest.catalog.ComparisonInput;
import com.verdictdigest.catalog.SideInput;
import com.verdictdigest.catalog.ToolInput;
import com.verdictdigest.support.Browserless;
import com.verdictdigest.support.TestDatabase;
import com.verdictdigest.system.DevMailServer;
import jakarta.mail.internet.MimeMessage;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A person in a real browser (headless Chromium): signs up, reads the confirmation mail in the
 * demo's dev inbox (the GreenMail of demo mode), follows its link, confirms, sets preferences and
 * unsubscribes. Screenshots of every step go to target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ContextConfiguration(initializers = SignupBrowserIT.DemoMailServer.class)
class SignupBrowserIT {

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
    }

    @Autowired
    SubscriberRepository subscribers;
    @Autowired
    CatalogImporter catalog;
    @Autowired
    DemoSubscribersSeeder seeder;
    @Autowired
    com.verdictdigest.catalog.CatalogRepository catalogRepository;

    WebDriver driver;
    int shot;

    @BeforeEach
    void browser() throws IOException {
        if (catalogRepository.countTools() == 0) {
            catalog.store(new ComparisonInput(null, null,
                    new SideInput(new ToolInput("Cursor", null, "Developer Tools", null, null, null, null, null, null), null, null, null),
                    new SideInput(new ToolInput("Midjourney", null, "Image Generation", null, null, null, null, null, null), null, null, null)),
                    null);
        }
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
    void aPersonSignsUpConfirmsFromTheMailChoosesAndLeaves() throws Exception {
        driver.get(BASE + "/subscribe");
        assertThat(driver.findElement(By.id("consent")).getText()).contains("unsubscribe at any time");
        driver.findElement(By.id("email")).sendKeys("sam@example.com");
        driver.findElement(By.id("name")).sendKeys("Sam");
        screenshot("subscribe");
        driver.findElement(By.id("subscribe")).click();
        assertHeading("Check your inbox");
        screenshot("check-inbox");

        // The mail, straight from the mail server ...
        assertThat(MAIL.greenMail().waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage mail = MAIL.greenMail().getReceivedMessages()[0];
        Matcher link = Pattern.compile(Pattern.quote(BASE) + "/confirm/[A-Za-z0-9_-]{43}").matcher(GreenMailUtil.getBody(mail));
        assertThat(link.find()).isTrue();

        // ... and as a new user of the demo sees it, in the dev inbox.
        driver.get(BASE + "/dev/inbox");
        screenshot("dev-inbox");
        driver.findElement(By.linkText("Confirm your subscription to Verdict Digest")).click();
        assertThat(driver.findElement(By.id("to")).getText()).isEqualTo("sam@example.com");
        assertThat(driver.findElement(By.id("html")).getAttribute("sandbox")).isEmpty();
        screenshot("confirmation-mail");
        WebElement htmlPart = driver.findElement(By.id("html"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView(true);", htmlPart);
        Files.copy(htmlPart.getScreenshotAs(OutputType.FILE).toPath(),
                SHOTS.resolve("signup-04b-confirmation-mail-html.png"), StandardCopyOption.REPLACE_EXISTING);
        WebElement confirmLink = driver.findElement(By.cssSelector("#links a[href*='/confirm/']"));
        assertThat(confirmLink.getAttribute("href")).isEqualTo(link.group());
        confirmLink.click();

        assertHeading("Confirm your subscription");
        assertThat(subscribers.findByEmailKey("sam@example.com").orElseThrow().status()).isEqualTo(SubscriberStatus.PENDING);
        screenshot("confirm-page");
        driver.findElement(By.id("confirm")).click();
        assertHeading("You are subscribed");
        assertThat(subscribers.findByEmailKey("sam@example.com").orElseThrow().status()).isEqualTo(SubscriberStatus.CONFIRMED);
        screenshot("confirmed");

        driver.findElement(By.id("preferences")).click();
        WebElement name = driver.findElement(By.id("name"));
        name.clear();
        name.sendKeys("Samantha");
        driver.findElement(By.cssSelector("input[name=categories][value='Image Generation']")).click();
        driver.findElement(By.id("textOnly")).click();
        driver.findElement(By.id("pauseWeeks")).sendKeys("3");
        screenshot("preferences");
        driver.findElement(By.id("save")).click();
        assertThat(driver.findElement(By.id("saved")).getText()).contains("saved");
        assertThat(driver.findElement(By.id("paused")).getText()).startsWith("Paused until");
        screenshot("preferences-saved");
        Subscriber chosen = subscribers.findByEmailKey("sam@example.com").orElseThrow();
        assertThat(chosen.name()).isEqualTo("Samantha");
        assertThat(chosen.categories()).containsExactly("Developer Tools");
        assertThat(chosen.textOnly()).isTrue();
        assertThat(chosen.pausedUntil()).isNotNull();

        driver.findElement(By.id("unsubscribe")).click();
        assertHeading("Unsubscribe");
        screenshot("unsubscribe");
        driver.findElement(By.id("unsubscribe")).click();
        assertHeading("You are unsubscribed");
        screenshot("unsubscribed");
        Subscriber gone = subscribers.findByEmailKey("sam@example.com").orElseThrow();
        assertThat(gone.status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        assertThat(subscribers.findEvents(gone.id())).extracting(SubscriberEvent::kind)
                .containsExactly("signup", "confirm", "preferences", "unsubscribe");
    }

    @Test
    void theDevInboxEscapesWhatTheMailSays() throws Exception {
        int before = MAIL.greenMail().getReceivedMessages().length;
        Browserless http = new Browserless(BASE);
        http.submit("/subscribe", "/subscribe", java.util.Map.of("email", List.of("mallory@example.com"),
                "name", List.of("<script>alert(1)</script>\"'")));
        assertThat(MAIL.greenMail().waitForIncomingEmail(10_000, before + 1)).isTrue();

        String page = http.get("/dev/inbox/" + before).body();
        assertThat(page).doesNotContain("<script>alert(1)</script>").contains("sandbox=\"\"");
        assertThat(http.get("/dev/inbox/99999").statusCode()).isEqualTo(404);

        var raw = http.get("/dev/inbox/" + before + ".eml");
        assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("message/rfc822"));
        assertThat(raw.body()).contains("To: mallory@example.com", "Subject: ").containsPattern("(?m)^Message-ID: ");
        assertThat(http.get("/dev/inbox/99999.eml").statusCode()).isEqualTo(404);
    }

    @Test
    void theDemoSeederAddsConfirmedSubscribersWithEvidenceOnlyOnce() {
        assertThat(seeder.seed()).contains("4 demo subscribers added");
        assertThat(seeder.seed()).contains("0 demo subscribers added");
        Subscriber ada = subscribers.findByEmailKey("ada@example.com").orElseThrow();
        assertThat(ada.status()).isEqualTo(SubscriberStatus.CONFIRMED);
        assertThat(subscribers.findEvents(ada.id())).extracting(SubscriberEvent::form).containsOnly("demo");
        assertThat(seeder.links(BASE)).anySatisfy(l -> assertThat(l).endsWith(BASE + "/dev/inbox"));
    }

    private void screenshot(String name) throws IOException {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(file, SHOTS.resolve(String.format("signup-%02d-%s.png", ++shot, name)), StandardCopyOption.REPLACE_EXISTING);
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
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(15))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.textToBe(By.tagName("h1"), expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(expected);
        }
    }
}
