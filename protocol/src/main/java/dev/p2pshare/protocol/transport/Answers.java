package dev.p2pshare.protocol.transport;

import dev.p2pshare.protocol.ErrorCode;
import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.MessageCodec;
import dev.p2pshare.protocol.ProtocolException;

/** Checks that an answer from a tracker or a source is the one the request expects. */
public final class Answers {

    private Answers() {
    }

    /**
     * {@code answer} as the {@code type} expected.
     *
     * @throws ErrorReplyException if the other side refused the request
     * @throws ProtocolException if it answered with another type of message
     */
    public static <T extends Message> T expect(Message answer, Class<T> type) throws ProtocolException {
        if (answer instanceof Message.ErrorReply error) {
            throw new ErrorReplyException(error);
        }
        if (!type.isInstance(answer)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "answered with '"
                    + MessageCodec.typeName(answer.getClass()) + "', not '" + MessageCodec.typeName(type) + "'");
        }
        return type.cast(answer);
    }
}
