package dev.p2pshare.peer.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is typing: standard input and output are a terminal rather than pipes or files. */
public final class StandardInput {

    private StandardInput() {
    }

    /**
     * Whether standard input and output are a terminal. Java 22 and later return a console even
     * for pipes and tell through {@code Console.isTerminal()}, which Java 17 lacks, so that method
     * is used where it exists.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot ask the console whether it is a terminal", e);
        }
    }
}
