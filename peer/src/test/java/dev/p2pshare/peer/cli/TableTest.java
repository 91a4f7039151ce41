package dev.p2pshare.peer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Columns line up, numbers align right, lines end without spaces, wide characters count double. */
class TableTest {

    @Test
    void columnsLineUpAndMarkedColumnsAlignRight() {
        Table table = new Table("ID", ">SIZE", "NAME")
                .row("3f2a9c", "1.5 KiB", "notes.txt")
                .row("b7", "12 B", "a.mp3");

        assertThat(lines(table)).containsExactly(
                "ID         SIZE  NAME",
                "3f2a9c  1.5 KiB  notes.txt",
                "b7         12 B  a.mp3");
    }

    @Test
    void rightAlignedLastColumnIsPaddedOnTheLeft() {
        Table table = new Table("NAME", ">FILES")
                .row("alice", 3)
                .row("bob", 1200);

        assertThat(lines(table)).containsExactly(
                "NAME   FILES",
                "alice      3",
                "bob     1200");
    }

    @Test
    void linesHaveNoTrailingSpaces() {
        Table table = new Table("NAME", "NOTE")
                .row("a-rather-long-name.txt", "")
                .row("b", "x");

        assertThat(lines(table))
                .containsExactly(
                        "NAME                    NOTE",
                        "a-rather-long-name.txt",
                        "b                       x")
                .allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    @Test
    void wideCharactersTakeTwoColumns() {
        Table table = new Table("NAME", ">SIZE")
                .row("東京.txt", "1 B")
                .row("a.txt", "10 B");

        // 東京.txt is 6 characters but 8 terminal columns.
        assertThat(lines(table)).containsExactly(
                "NAME      SIZE",
                "東京.txt   1 B",
                "a.txt     10 B");
    }

    @Test
    void headerAloneIsPrinted() {
        assertThat(lines(new Table("ID", ">SIZE", "NAME"))).containsExactly("ID  SIZE  NAME");
    }

    @Test
    void rowWithTheWrongNumberOfCellsIsRefused() {
        Table table = new Table("ID", ">SIZE", "NAME");

        assertThatThrownBy(() -> table.row("3f2a9c", "1.5 KiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.row("3f2a9c", "1.5 KiB", "notes.txt", "extra"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lines(table)).containsExactly("ID  SIZE  NAME");
    }

    private static List<String> lines(Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text), TextStyle.PLAIN);
        return text.toString().lines().toList();
    }
}
