package dev.p2pshare.peer.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lines of the downloads running in the background, one each, shown together just above the
 * prompt: each line is a bar the progressbar library draws ({@link ProgressDisplay}); this only
 * gathers them. In a terminal they are part of the prompt, so that JLine redraws them with the
 * line being typed, which it leaves as it was. Thread-safe.
 */
final class ProgressBoard {

    private final Consumer<List<String>> screen;
    private final Map<Object, String> lines = new LinkedHashMap<>();

    /** A board that shows its lines (ANSI colours allowed) through {@code screen}, each time they change. */
    ProgressBoard(Consumer<List<String>> screen) {
        this.screen = screen;
    }

    /** A board shown above {@code reader}'s prompt, {@code prompt} being the prompt without it. */
    static ProgressBoard above(PromptReader reader, String prompt) {
        return new ProgressBoard(lines -> reader.changePrompt(withLines(lines, prompt)));
    }

    /** {@code prompt} with the board's lines above it, ready for JLine: what a new prompt shows. */
    synchronized String prompt(String prompt) {
        return withLines(List.copyOf(lines.values()), prompt);
    }

    /** Shows {@code line} as {@code owner}'s line, in place of its last one. */
    synchronized void show(Object owner, String line) {
        lines.put(owner, line);
        screen.accept(List.copyOf(lines.values()));
    }

    /** Takes {@code owner}'s line away. */
    synchronized void remove(Object owner) {
        if (lines.remove(owner) != null) {
            screen.accept(List.copyOf(lines.values()));
        }
    }

    private static String withLines(List<String> lines, String prompt) {
        List<String> all = new ArrayList<>(lines);
        all.add(prompt);
        // JLine reads % in a prompt as the start of an escape (%N, %P…); a bar's percent is text.
        return String.join("\n", all).replace("%", "%%");
    }
}
