package dev.p2pshare.peer.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;

/**
 * A text table with aligned columns: a header row, then data rows. Columns marked numeric are
 * aligned right, the others left; the last column is not padded. Widths count terminal columns,
 * so names in wide scripts line up too.
 */
final class Table {

    private final List<String> headers;
    private final boolean[] numeric;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headers; a header starting with {@code >} marks a right-aligned column. */
    Table(String... headers) {
        this.headers = new ArrayList<>();
        this.numeric = new boolean[headers.length];
        for (int i = 0; i < headers.length; i++) {
            numeric[i] = headers[i].startsWith(">");
            this.headers.add(numeric[i] ? headers[i].substring(1) : headers[i]);
        }
    }

    /** Adds a row; it must have one cell per column. */
    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row has " + headers.size() + " cells, not " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** Prints the table, its header row in {@code style}'s heading style. */
    void print(PrintWriter out, TextStyle style) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], columns(row.get(i)));
            }
        }
        out.println(style.heading(line(headers, widths)));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
        out.flush();
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            String padding = " ".repeat(widths[i] - columns(cell));
            if (numeric[i]) {
                line.append(padding).append(cell);
            } else {
                line.append(cell).append(last ? "" : padding);
            }
            if (!last) {
                line.append("  ");
            }
        }
        return line.toString().stripTrailing();
    }

    /** How many terminal columns {@code text} takes: wide characters take two. */
    private static int columns(String text) {
        return new AttributedString(text).columnLength();
    }
}
