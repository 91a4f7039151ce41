package dev.p2pshare.peer.cli;

import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;

/**
 * JLine's line reader, with a prompt that other threads may change while a line is typed: the
 * progress bars of background downloads live in it. JLine redraws the prompt and the typed line
 * together, so the typing is never broken.
 */
final class PromptReader extends LineReaderImpl {

    PromptReader(Terminal terminal) {
        super(terminal, "p2pshare", null);
    }

    /** Shows {@code prompt} from now on: at once if a line is being typed, else at the next one. */
    void changePrompt(String prompt) {
        lock.lock();
        try {
            setPrompt(prompt);
            if (isReading()) {
                callWidget(REDRAW_LINE);
                callWidget(REDISPLAY);
            }
        } finally {
            lock.unlock();
        }
    }
}
