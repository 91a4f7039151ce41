package dev.p2pshare.peer.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one rule by which a typed text names a file, a download or a peer: each row is what was
 * typed and what it picks among the same three things, or the start of the message it fails with.
 */
class ReferenceTest {

    private static final String ALPHA = "3fa9c1d20b7e" + "0".repeat(52);
    private static final String BETA = "3fa9c1ee0000" + "1".repeat(52);
    /** Named like the start of ALPHA's id: the name must not quietly win over the id. */
    private static final String GAMMA = "cafe00000000" + "2".repeat(52);

    private static final Kind THING = new Kind("thing here", "'list' lists them");

    private record Thing(String name, String id) {
    }

    private static final List<Thing> THINGS = List.of(
            new Thing("holiday.jpg", ALPHA),
            new Thing("notes.txt", BETA),
            new Thing("3fa9c1d2", GAMMA),
            // A second copy of ALPHA under another name: one file, not two.
            new Thing("holiday copy.jpg", ALPHA));

    @ParameterizedTest(name = "''{0}'' picks {1}")
    @CsvSource(delimiter = '|', value = {
        "holiday.jpg          | holiday.jpg",
        "'  holiday.jpg  '    | holiday.jpg",
        "holiday copy.jpg     | holiday copy.jpg",
        "notes.txt            | notes.txt",
        "3fa9c1e              | notes.txt",
        "3FA9C1E              | notes.txt",
        "3fa9c1ee-0000        | notes.txt",
        "3FA9C1EE 0000        | notes.txt",
        "3fa9c1d20b           | holiday.jpg",
        "cafe00               | 3fa9c1d2",
    })
    void aNameOrAnIdPrefixOfSixDigitsPicksTheOneThingAnsweringToIt(String typed, String picked) throws Exception {
        assertThat(pick(typed).name()).isEqualTo(picked);
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "3fa9c1  | '3fa9c1' names more than one thing here (ids 3fa9c1d20b7e, 3fa9c1ee0000); give more digits of the id",
        "3fa9c1d2| '3fa9c1d2' names more than one thing here (ids 3fa9c1d20b7e, cafe00000000); give more digits of the id",
        "3fa9c   | no thing here is named '3fa9c' or has an id starting with it; 'list' lists them",
        "Notes.txt| no thing here is named 'Notes.txt' or has an id starting with it; 'list' lists them",
        "dddddd  | no thing here is named 'dddddd' or has an id starting with it; 'list' lists them",
        "''      | say which thing here: its name, or at least 6 digits of its id",
    })
    void anythingElseSaysWhetherNothingOrSeveralThingsAnswer(String typed, String message) {
        assertThatThrownBy(() -> pick(typed)).hasMessage(message);
    }

    @Test
    void aWholeIdPicksItsOwnerEvenWhenAnotherThingIsNamedWithIt() throws Exception {
        List<Thing> things = List.of(new Thing("notes.txt", BETA), new Thing(BETA, GAMMA));
        assertThat(Reference.of(BETA.toUpperCase()).pickOne(things, Thing::name, Thing::id, THING)
                .orElseThrow(IllegalStateException::new).name()).isEqualTo("notes.txt");
    }

    @Test
    void textThatCannotBeAnIdHasNoIdPrefix() {
        assertThat(Reference.of("3fa9c").idPrefix()).isEmpty();
        assertThat(Reference.of("3fa9cg").idPrefix()).isEmpty();
        assertThat(Reference.of("3fa9c1-").idPrefix()).isEmpty();
        assertThat(Reference.of(ALPHA + "0").idPrefix()).isEmpty();
        assertThat(Reference.of(" 3FA9-C1D2 ").idPrefix()).contains("3fa9c1d2");
    }

    private static Thing pick(String typed) throws Exception {
        return Reference.of(typed).pickOne(THINGS, Thing::name, Thing::id, THING).orElseThrow(IllegalStateException::new);
    }
}
