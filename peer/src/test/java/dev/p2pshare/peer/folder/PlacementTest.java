package dev.p2pshare.peer.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Finished downloads land in the folder under their name, and never over an existing file. */
class PlacementTest {

    @TempDir
    Path folder;

    private StateDirectory state;

    @BeforeEach
    void createState() throws IOException {
        state = StateDirectory.of(folder);
    }

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            photo.jpg     | 1 | photo (1).jpg
            photo.jpg     | 2 | photo (2).jpg
            backup.tar.gz | 1 | backup (1).tar.gz
            BACKUP.TAR.GZ | 1 | BACKUP (1).TAR.GZ
            README        | 1 | README (1)
            .profile      | 1 | .profile (1)
            a.b.c         | 1 | a.b (1).c
            東京.txt       | 12 | 東京 (12).txt
            """)
    void numberedPutsTheNumberBeforeTheExtension(String name, int n, String expected) {
        assertThat(Placement.numbered(name, n)).isEqualTo(expected);
    }

    @Test
    void fileLandsUnderItsName() throws IOException {
        Path source = download("photo bytes");

        Path placed = Placement.moveInto(folder, "photo.jpg", source);

        assertThat(placed).isEqualTo(folder.resolve("photo.jpg"));
        assertThat(placed).hasContent("photo bytes");
        assertThat(source).doesNotExist();
    }

    @Test
    void takenNameGetsTheNextFreeNumberAndTheExistingFileIsUntouched() throws IOException {
        Files.writeString(folder.resolve("photo.jpg"), "the original");

        Path first = Placement.moveInto(folder, "photo.jpg", download("first download"));
        Path second = Placement.moveInto(folder, "photo.jpg", download("second download"));

        assertThat(first).isEqualTo(folder.resolve("photo (1).jpg")).hasContent("first download");
        assertThat(second).isEqualTo(folder.resolve("photo (2).jpg")).hasContent("second download");
        assertThat(folder.resolve("photo.jpg")).hasContent("the original");
        assertThat(visibleFiles()).containsExactlyInAnyOrder("photo.jpg", "photo (1).jpg", "photo (2).jpg");
    }

    @Test
    void takenNameIsNotReplacedEvenByAFolder() throws IOException {
        Files.createDirectory(folder.resolve("report"));

        Path placed = Placement.moveInto(folder, "report", download("report bytes"));

        assertThat(placed).isEqualTo(folder.resolve("report (1)")).hasContent("report bytes");
        assertThat(folder.resolve("report")).isEmptyDirectory();
    }

    @Test
    void placedFileIsDirectlyInsideTheFolder() throws IOException {
        Path placed = Placement.moveInto(folder, "..data", download("dots"));

        assertThat(placed.getParent()).isEqualTo(folder);
        assertThat(placed.getFileName()).hasToString("..data");
        assertThat(placed).hasContent("dots");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"../x", "a/b", "", "..", ".", "a\\b", "x\u0000y"})
    void invalidNameIsRefusedAndTheSourceStays(String name) throws IOException {
        Path source = download("precious");

        assertThatThrownBy(() -> Placement.moveInto(folder, name, source))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(source).hasContent("precious");
        assertThat(visibleFiles()).isEmpty();
        assertThat(folder.resolveSibling("x")).doesNotExist();
    }

    /** A finished download where the peer keeps unfinished ones. */
    private Path download(String content) throws IOException {
        return Files.writeString(state.newTempFile("download"), content);
    }

    /** The names directly inside the folder, but for the peer's state folder. */
    private List<String> visibleFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.equals(StateDirectory.NAME))
                    .toList();
        }
    }

    @Test
    void numberedNamesOfLongNamesStayWithinTheLimit() {
        String longName = "a".repeat(251) + ".txt";
        String numbered = Placement.numbered(longName, 12);
        assertThat(numbered).endsWith(" (12).txt");
        assertThat(numbered.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(255);
        String wide = "東".repeat(83) + ".txt";
        assertThat(Placement.numbered(wide, 1)).isEqualTo("東".repeat(82) + " (1).txt");
    }

    @Test
    void longTakenNameStillFindsAFreeVariant() throws Exception {
        String longName = "b".repeat(251) + ".txt";
        Files.writeString(folder.resolve(longName), "first");
        Path second = Files.writeString(folder.resolve("incoming"), "second");
        Path placed = Placement.moveInto(folder, longName, second);
        assertThat(placed.getFileName().toString()).endsWith(" (1).txt");
        assertThat(placed).hasContent("second");
        assertThat(folder.resolve(longName)).hasContent("first");
    }
}
