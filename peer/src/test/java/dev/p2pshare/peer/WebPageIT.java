package dev.p2pshare.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.p2pshare.protocol.testkit.JarProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web page of the real peer jar, in headless chromium: refused without its token; and with
 * it, searching and downloading another peer's file, texts both ways, a file added from the
 * browser that the other peer then finds, pause and resume, an offer fetched with its Get button,
 * a broadcast, a ping, stopping sharing, the settings and the log. Leaves screenshots in
 * {@code target/screenshots}.
 */
@Timeout(180)
class WebPageIT {

    private static final Path TRACKER_JAR = JarProcess.jar("p2pshare.tracker.jar");
    private static final Path PEER_JAR = JarProcess.jar("p2pshare.peer.jar");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern WEB_LINE = Pattern.compile("web ui on (http://127\\.0\\.0\\.1:(\\d+)/\\?token=(\\S+))");

    @TempDir
    Path temp;

    private final List<JarProcess> processes = new ArrayList<>();
    private final Map<String, JarProcess> webPeers = new HashMap<>();
    private WebDriver browser;
    private int trackerPort;

    @BeforeEach
    void startTrackerAndBrowser() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed here");
        JarProcess tracker = JarProcess.start(TRACKER_JAR, temp, "--port", "0", "--no-announce", "--state",
                temp.resolve("tracker-state").toString());
        processes.add(tracker);
        trackerPort = tracker.awaitListeningPort();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Headless, and without the sandbox that a container's root user cannot have.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    @AfterEach
    void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        processes.forEach(JarProcess::close);
    }

    @Test
    void withoutItsTokenThePageAndItsApiRefuseAndWithItThePageShowsThePeer() throws Exception {
        Matcher web = webPeer("carol", "--serve");
        String port = web.group(2);

        browser.get("http://127.0.0.1:" + port + "/");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("This page needs its key");
        browser.get("http://127.0.0.1:" + port + "/?token=not-" + web.group(3));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("This page needs its key");

        browser.get(web.group(1));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> text("peer-name").equals("carol"));
        assertThat(text("connection")).isEqualTo("online");
        assertThat(text("files-empty")).contains("Nothing shared yet");
    }

    @Test
    void searchGetMessageAndShareThroughThePage() throws Exception {
        byte[] video = new byte[6 * 1024 * 1024 + 5];
        new Random(3).nextBytes(video);
        Path aliceFolder = Files.createDirectories(temp.resolve("alice"));
        Files.write(aliceFolder.resolve("holiday.mp4"), video);
        JarProcess alice = JarProcess.start(PEER_JAR, temp, "alice", "--tracker", "127.0.0.1:" + trackerPort,
                "--name", "alice");
        processes.add(alice);
        alice.awaitListeningPort();
        Matcher web = webPeer("bob");
        browser.get(web.group(1));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> text("peer-name").equals("bob"));

        tab("search");
        browser.findElement(By.id("search-query")).sendKeys("holiday\n");
        clickInRow("search-table", "holiday.mp4", By.tagName("button"));
        tab("transfers");
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> row("downloads-table", "holiday.mp4").getText().contains("done"));
        assertThat(Files.readAllBytes(temp.resolve("bob/holiday.mp4"))).isEqualTo(video);
        screenshot("web-ui-transfers.png");

        tab("peers");
        clickInRow("peers-table", "alice", By.xpath(".//button[text()='Message']"));
        browser.findElement(By.id("message-text")).sendKeys("hello alice, from the page\n");
        await().atMost(PATIENCE).until(() -> alice.out().contains("message from bob ("));
        assertThat(alice.out()).containsPattern("message from bob \\([0-9a-f]{12}\\): hello alice, from the page");
        type(alice, "msg bob hello bob, from the shell");
        WebElement received = await().atMost(PATIENCE).ignoreExceptions().until(
                () -> browser.findElement(By.xpath("//ol[@id='messages']/li[contains(., 'hello bob, from the shell')]")),
                element -> element != null);
        assertThat(received.getText()).containsPattern("alice \\([0-9a-f]{12}\\): hello bob, from the shell");
        screenshot("web-ui-messages.png");

        tab("files");
        Path report = Files.writeString(temp.resolve("quarterly-report.txt"), "numbers, numbers\n");
        browser.findElement(By.id("upload")).sendKeys(report.toString());
        await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> row("files-table", "quarterly-report.txt") != null);
        assertThat(temp.resolve("bob/quarterly-report.txt")).hasContent("numbers, numbers");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> row("files-table", "holiday.mp4")
                .findElements(By.tagName("td")).get(2).getText().equals("1"));
        type(alice, "search quarterly");
        await().atMost(PATIENCE).until(() -> alice.out().contains("quarterly-report.txt"));
        screenshot("web-ui-files.png");

        browser.manage().window().setSize(new Dimension(400, 800));
        tab("transfers");
        screenshot("web-ui-phone.png");
    }

    @Test
    void pauseResumeOfferBroadcastPingUnshareSettingsAndLog() throws Exception {
        byte[] big = new byte[12 * 1024 * 1024];
        new Random(4).nextBytes(big);
        Path aliceFolder = Files.createDirectories(temp.resolve("alice"));
        Files.write(aliceFolder.resolve("big.bin"), big);
        Files.writeString(aliceFolder.resolve("notes.txt"), "offered notes\n");
        // Slow enough (2 MiB/s) that the download is still running when the page pauses it.
        JarProcess alice = JarProcess.start(PEER_JAR, temp, "alice", "--tracker", "127.0.0.1:" + trackerPort,
                "--name", "alice", "--upload-limit", "2");
        processes.add(alice);
        alice.awaitListeningPort();
        Matcher web = webPeer("bob", "--serve");
        browser.get(web.group(1));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> text("peer-name").equals("bob"));

        tab("search");
        browser.findElement(By.id("search-query")).sendKeys("big\n");
        clickInRow("search-table", "big.bin", By.tagName("button"));
        tab("transfers");
        clickInRow("downloads-table", "big.bin", By.xpath(".//button[text()='Pause']"));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> row("downloads-table", "big.bin")
                .getText().contains("paused"));
        assertThat(temp.resolve("bob/big.bin")).as("a paused download is not in the folder").doesNotExist();
        clickInRow("downloads-table", "big.bin", By.xpath(".//button[text()='Resume']"));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> row("downloads-table", "big.bin")
                .getText().contains("done"));
        assertThat(Files.readAllBytes(temp.resolve("bob/big.bin"))).isEqualTo(big);

        type(alice, "offer notes.txt");
        tab("messages");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            browser.findElement(By.xpath("//ol[@id='messages']/li[contains(., 'offers notes.txt')]//button")).click();
            return true;
        });
        await().atMost(PATIENCE).until(() -> Files.exists(temp.resolve("bob/notes.txt")));
        assertThat(temp.resolve("bob/notes.txt")).hasContent("offered notes");
        browser.findElement(By.id("message-text")).sendKeys("hello everyone\n");
        await().atMost(PATIENCE).until(() -> alice.out().contains("hello everyone"));
        assertThat(alice.out()).containsPattern("message to all from bob \\([0-9a-f]{12}\\): hello everyone");

        tab("peers");
        clickInRow("peers-table", "alice", By.xpath(".//button[text()='Ping']"));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> text("note").startsWith("Pong from alice: "));

        tab("files");
        clickInRow("files-table", "notes.txt", By.xpath(".//button[text()='Stop sharing']"));
        browser.switchTo().alert().accept();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> row("files-table", "notes.txt") == null);
        assertThat(temp.resolve("bob/.p2pshare/unshared/notes.txt")).hasContent("offered notes");

        tab("settings");
        String grouped = Pattern.compile("peer id ([0-9a-f-]+)").matcher(peerOut("bob")).results().findFirst()
                .orElseThrow().group(1);
        assertThat(text("own-id")).isEqualTo(grouped.replace("-", ""));
        tab("log");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> text("log").contains("downloaded big.bin"));
    }

    /** Starts a peer with its web page and returns the match of its {@code web ui on} line. */
    private Matcher webPeer(String name, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(name, "--tracker", "127.0.0.1:" + trackerPort, "--name", name,
                "--web"));
        args.addAll(List.of(more));
        JarProcess peer = JarProcess.start(PEER_JAR, temp, args.toArray(String[]::new));
        processes.add(peer);
        webPeers.put(name, peer);
        await("the web ui line of " + name).atMost(PATIENCE).until(() -> WEB_LINE.matcher(peer.out()).find());
        Matcher matcher = WEB_LINE.matcher(peer.out());
        assertThat(matcher.find()).isTrue();
        return matcher;
    }

    private String peerOut(String name) {
        return webPeers.get(name).out();
    }

    private static void type(JarProcess peer, String line) throws IOException {
        OutputStream in = peer.stdin();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void tab(String view) {
        browser.findElement(By.cssSelector("#tabs button[data-view='" + view + "']")).click();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /**
     * Clicks {@code button} in the row of {@code table} whose first cell starts with {@code name},
     * once the row is there. The page redraws its tables as the peer's state changes, so a row
     * found a moment ago may be gone: the row is looked up again until the click lands.
     */
    private void clickInRow(String table, String name, By button) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            row(table, name).findElement(button).click();
            return true;
        });
    }

    /** The row of table {@code table} whose first cell starts with {@code name}, or null. */
    private WebElement row(String table, String name) {
        for (WebElement row : browser.findElements(By.cssSelector("#" + table + " tbody tr"))) {
            if (row.findElement(By.tagName("td")).getText().startsWith(name)) {
                return row;
            }
        }
        return null;
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), ((org.openqa.selenium.TakesScreenshot) browser)
                .getScreenshotAs(OutputType.BYTES));
    }
}
