package dev.p2pshare.protocol;

import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why something failed, in words a user can act on, never {@code null}: Java's exceptions for
 * files and addresses often carry only a path, or no message at all, so the kind of failure is
 * said here ({@code permission denied}, {@code no such file}, the system's reason). Shared by the
 * programs so that every error reads the same way.
 */
public final class FailureReason {

    private FailureReason() {
    }

    /**
     * The reason {@code failure} gives, worded for a user and {@linkplain Printable#escape escaped}
     * (a message may quote a file name or what the other side sent); the file it concerns is the
     * caller's to name.
     */
    public static String of(Throwable failure) {
        return Printable.escape(words(failure));
    }

    /**
     * As {@link #of}, preceded by the file a file system failure concerns, for a caller that does
     * not name it: {@code /srv/share/secret.bin: permission denied}.
     */
    public static String withFile(Throwable failure) {
        if (failure instanceof FileSystemException system && system.getFile() != null) {
            return Printable.escape(system.getFile()) + ": " + of(failure);
        }
        return of(failure);
    }

    private static String words(Throwable failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (failure instanceof FileSystemException system) {
            if (system.getReason() != null) {
                return system.getReason();
            }
            if (failure instanceof FileAlreadyExistsException) {
                return system.getFile() + " is in the way";
            }
            if (failure instanceof NotDirectoryException) {
                return system.getFile() + " is not a folder";
            }
            return describe(failure.getClass());
        }
        if (failure instanceof UnresolvedAddressException || failure instanceof UnknownHostException) {
            return "unknown host" + (failure.getMessage() == null ? "" : " " + failure.getMessage());
        }
        String message = failure.getMessage();
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure && (message == null || message.isBlank()
                || message.equals(cause.toString()))) {
            // Made as new IOException(cause), which says no more than its cause does.
            return words(cause);
        }
        if (message == null || message.isBlank()) {
            return describe(failure.getClass());
        }
        return message;
    }

    /** "socket timeout" for {@code SocketTimeoutException}: a class name as words. */
    private static String describe(Class<?> type) {
        String name = type.getSimpleName().replaceFirst("(Exception|Error)$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
