package dev.p2pshare.tracker;

import dev.p2pshare.protocol.FileId;
import dev.p2pshare.protocol.Manifest;
import dev.p2pshare.protocol.NodeId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One file of the {@link FileIndex}, for as long as someone holds it: its id as four longs rather
 * than 64 hex characters, its size and first name, which never change, and who holds it now.
 *
 * <p>Most files have one peer sharing them whole under one name. For those the state is just that
 * peer's id, with the name and size taken from here; any other file's state is a whole
 * {@link FileIndex.IndexedFile}. The state is replaced whole, under the registry's lock, and read
 * without one.
 */
final class ListedFile implements Comparable<ListedFile> {

    private static final HexFormat HEX = HexFormat.of();

    /** The id's 32 bytes, eight at a time, first to last: unsigned order is the hex order. */
    final long id0;
    final long id1;
    final long id2;
    final long id3;
    final long size;
    /** The name it was first listed under; the only one while {@link #state} is a {@link NodeId}. */
    final String firstName;
    /**
     * The {@link NameSignature} of {@link #firstName}: eight bytes a file that spare a search
     * reading the name of most files that cannot match.
     */
    final long firstNameSignature;
    /** Either the one peer that holds it whole under {@link #firstName} only, or an {@link FileIndex.IndexedFile}. */
    private volatile Object state;
    /**
     * Whether {@link #state} is a {@link NodeId}: kept here too, so that a search reading files
     * in name order need not read the state (another object, another cache miss).
     */
    private volatile boolean heldSimply;
    /** Set when the last holder lets go; a file listed again gets a new {@code ListedFile}. */
    volatile boolean gone;
    /** Whether it is in its tokens' name-ordered lists rather than their other lists; under the lock only. */
    boolean inNameOrder;

    private ListedFile(FileId id, long size, String firstName, long firstNameSignature) {
        String hex = id.hex();
        this.id0 = HEX.fromHexDigitsToLong(hex, 0, 16);
        this.id1 = HEX.fromHexDigitsToLong(hex, 16, 32);
        this.id2 = HEX.fromHexDigitsToLong(hex, 32, 48);
        this.id3 = HEX.fromHexDigitsToLong(hex, 48, 64);
        this.size = size;
        this.firstName = firstName;
        this.firstNameSignature = firstNameSignature;
    }

    /** A new listing of {@code id}, held by nobody yet. */
    static ListedFile of(FileId id, long size, String firstName) {
        return of(id, size, firstName, NameTokens.of(NameQuery.fold(firstName)));
    }

    /** As {@link #of(FileId, long, String)}, given the tokens of {@code firstName}, which the caller has. */
    static ListedFile of(FileId id, long size, String firstName, Set<String> firstNameTokens) {
        return new ListedFile(id, size, firstName, NameSignature.of(firstNameTokens));
    }

    /** A key that sorts where {@code id} does. */
    static ListedFile probe(FileId id) {
        return new ListedFile(id, 0, "", 0);
    }

    /**
     * A key that sorts where ids starting with {@code prefix} start, {@code prefix} being up to 64
     * lower-case hex digits: the prefix padded with zeros.
     */
    static ListedFile probe(String prefix) {
        return probe(new FileId(prefix + "0".repeat(64 - prefix.length())));
    }

    /** Whether this file's id starts with the first {@code digits} hex digits of {@code probe}'s. */
    boolean sharesDigits(ListedFile probe, int digits) {
        long[] mine = {id0, id1, id2, id3};
        long[] theirs = {probe.id0, probe.id1, probe.id2, probe.id3};
        for (int word = 0; word < 4 && digits > 0; word++, digits -= 16) {
            long mask = digits >= 16 ? -1L : -1L << (64 - 4 * digits);
            if ((mine[word] & mask) != (theirs[word] & mask)) {
                return false;
            }
        }
        return true;
    }

    FileId id() {
        return new FileId(HEX.toHexDigits(id0) + HEX.toHexDigits(id1) + HEX.toHexDigits(id2) + HEX.toHexDigits(id3));
    }

    /**
     * Whether one peer holds this file whole under its first name only, as at some moment while
     * it is read: then it ranks by its first name alone, and a search needs nothing else of it.
     */
    boolean heldSimply() {
        return heldSimply;
    }

    /** Who holds the file now and under which names. */
    FileIndex.IndexedFile view() {
        Object now = state;
        if (now instanceof NodeId holder) {
            return soleView(holder);
        }
        return (FileIndex.IndexedFile) now;
    }

    /**
     * Makes {@code after} the state: kept as only the holder's id when it is the one peer holding
     * the file whole under its first name only.
     */
    void hold(FileIndex.IndexedFile after) {
        if (after.holders().size() == 1) {
            Map.Entry<NodeId, FileIndex.Holding> only = after.holders().entrySet().iterator().next();
            state = only.getValue().equals(soleHolding()) ? only.getKey() : after;
        } else {
            state = after;
        }
        heldSimply = state instanceof NodeId;
    }

    private FileIndex.IndexedFile soleView(NodeId holder) {
        return FileIndex.IndexedFile.of(id(), size, Map.of(holder, soleHolding()));
    }

    private FileIndex.Holding soleHolding() {
        return new FileIndex.Holding(List.of(firstName), true, Manifest.chunkCount(size));
    }

    /** By id, as hex digits compare. */
    @Override
    public int compareTo(ListedFile other) {
        int order = Long.compareUnsigned(id0, other.id0);
        if (order == 0) {
            order = Long.compareUnsigned(id1, other.id1);
        }
        if (order == 0) {
            order = Long.compareUnsigned(id2, other.id2);
        }
        return order != 0 ? order : Long.compareUnsigned(id3, other.id3);
    }

    /** By first name, then by id: the order of a token's name-ordered list. */
    static int byFirstName(ListedFile one, ListedFile other) {
        int order = one.firstName.compareTo(other.firstName);
        return order != 0 ? order : one.compareTo(other);
    }
}
