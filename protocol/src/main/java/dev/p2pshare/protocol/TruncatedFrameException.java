package dev.p2pshare.protocol;

/**
 * Thrown when the stream ends inside a frame. It breaks the framing ({@code bad-frame}), yet it is
 * what a side that crashed or lost its connection leaves behind, so it is no proof of ill will,
 * unlike a frame that arrived whole and broke the rules.
 */
public final class TruncatedFrameException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public TruncatedFrameException(String detail) {
        super(ErrorCode.BAD_FRAME, detail);
    }
}
