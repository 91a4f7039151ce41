package dev.p2pshare.protocol.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.p2pshare.protocol.transport.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness on a tiny jar of its own, {@link Echo}, run by the same {@code java} as the tests. */
@Timeout(120)
class JarProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path jars;

    private static Path echoJar;

    @TempDir
    Path folder;

    private JarProcess process;

    /** Prints where and how it runs and a listening line, then answers each line of its input; says when it stops. */
    public static final class Echo {

        public static void main(String[] args) throws IOException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stopping")));
            System.out.println("started in " + System.getProperty("user.dir"));
            System.out.println("GREETING=" + System.getenv("GREETING"));
            System.out.println("echo.mood=" + System.getProperty("echo.mood"));
            System.err.println("a warning");
            System.out.println("echo listening on 127.0.0.1:4242, ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("exit ")) {
                    System.exit(Integer.parseInt(line.substring(5)));
                }
                System.out.println("got " + line);
            }
        }
    }

    @BeforeAll
    static void packEcho() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Echo.class.getName());
        echoJar = jars.resolve("echo.jar");
        String entry = Echo.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(echoJar);
                JarOutputStream jar = new JarOutputStream(file, manifest);
                InputStream bytes = Echo.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            bytes.transferTo(jar);
            jar.closeEntry();
        }
    }

    @AfterEach
    void closeProcess() {
        if (process != null) {
            process.close();
        }
    }

    @Test
    void awaitsTheListeningLineTakesInputAndReturnsTheExitCode() throws Exception {
        process = JarProcess.start(echoJar, folder);

        assertThat(process.awaitListening(PATIENCE)).isEqualTo(new Endpoint("127.0.0.1", 4242));
        process.script("hello", "exit 3");

        assertThat(process.exitStatus(PATIENCE)).isEqualTo(3);
        assertThat(process.out().lines()).contains("got hello").doesNotContain("got exit 3");
        assertThat(process.err()).isEqualTo("a warning");
    }

    @Test
    void runsInTheGivenFolderWithTheGivenEnvironment() throws Exception {
        process = JarProcess.launch(echoJar).in(folder).environment("GREETING", "hi").start();

        assertThat(process.awaitOutput(Pattern.compile("^started in "), PATIENCE))
                .isEqualTo("started in " + folder.toRealPath());
        assertThat(process.awaitOutput(Pattern.compile("^GREETING="), PATIENCE)).isEqualTo("GREETING=hi");
    }

    @Test
    void passesJvmOptionsBeforeTheJar() throws Exception {
        process = JarProcess.launch(echoJar).jvmOptions("-Xmx64m", "-Decho.mood=calm").start();

        assertThat(process.awaitOutput(Pattern.compile("^echo.mood="), PATIENCE)).isEqualTo("echo.mood=calm");
        assertThatThrownBy(() -> JarProcess.launch(echoJar).jvmOptions("Xmx64m"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Xmx64m'");
    }

    @Test
    void errorIntoOutputLeavesStandardErrorEmpty() throws Exception {
        process = JarProcess.launch(echoJar).errorIntoOutput().start();

        assertThat(process.awaitOutput(Pattern.compile("^a warning$"), PATIENCE)).isEqualTo("a warning");
        process.script("exit 0");
        assertThat(process.exitStatus(PATIENCE)).isZero();
        assertThat(process.err()).isEmpty();
    }

    @Test
    void awaitsALineOnStandardError() throws Exception {
        process = JarProcess.start(echoJar, folder);

        assertThat(process.awaitError(Pattern.compile("warn"), PATIENCE)).isEqualTo("a warning");
    }

    @Test
    void lineThatNeverComesFailsAfterTheTimeoutWithTheOutput() throws Exception {
        process = JarProcess.start(echoJar, folder);
        process.awaitListening(PATIENCE);

        assertThatThrownBy(() -> process.awaitOutput(Pattern.compile("never printed"), Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("nothing after PT0.2S without a line matching 'never printed'")
                .hasMessageContaining("echo listening on 127.0.0.1:4242").hasMessageContaining("a warning");
    }

    @Test
    void processThatEndsWithoutTheLineFailsWithoutWaitingOut() throws Exception {
        process = JarProcess.start(echoJar, folder);
        process.script("exit 4");

        assertThatThrownBy(() -> process.awaitOutput(Pattern.compile("never printed"), Duration.ofDays(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the standard output ended without a line matching 'never printed'")
                .hasMessageContaining("echo listening on 127.0.0.1:4242");
    }

    @Test
    void exitStatusOfAProcessThatKeepsRunningFails() throws Exception {
        process = JarProcess.start(echoJar, folder);

        assertThatThrownBy(() -> process.exitStatus(Duration.ofMillis(200))).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("still running after PT0.2S: process ");
    }

    @Test
    void stopEndsTheProcessWithSigterm() throws Exception {
        process = JarProcess.start(echoJar, folder);
        process.awaitListening(PATIENCE);

        assertThat(process.stop(PATIENCE)).as("128 + SIGTERM, with standard input still open").isEqualTo(143);
        assertThat(process.out()).as("read to the last line").endsWith("\nstopping");
    }

    @Test
    void closeKillsAProcessThatStillRuns() throws Exception {
        process = JarProcess.start(echoJar, folder);
        process.awaitListening(PATIENCE);

        process.close();

        assertThat(process.exitStatus(Duration.ZERO)).as("128 + SIGKILL").isEqualTo(137);
    }

    @Test
    void jarNamedByAnUnsetPropertyIsRefused() {
        assertThatThrownBy(() -> JarProcess.jar("p2pshare.unset.jar")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("p2pshare.unset.jar is not set");
    }

    @Test
    void jarThatIsNotAFileIsRefused() {
        System.setProperty("p2pshare.missing.jar", folder.resolve("missing.jar").toString());
        try {
            assertThatThrownBy(() -> JarProcess.jar("p2pshare.missing.jar")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing.jar, which is not a file");
        } finally {
            System.clearProperty("p2pshare.missing.jar");
        }
    }

    @Test
    void jarNamedByAPropertyIsAnAbsolutePath() {
        System.setProperty("p2pshare.echo.jar", echoJar.toString());
        try {
            assertThat(JarProcess.jar("p2pshare.echo.jar")).isAbsolute().isEqualTo(echoJar.toAbsolutePath());
        } finally {
            System.clearProperty("p2pshare.echo.jar");
        }
    }
}
