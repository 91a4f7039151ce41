package dev.p2pshare.protocol.transport;

import dev.p2pshare.protocol.Message;
import dev.p2pshare.protocol.ProtocolException;

/** The other side answered a request with an {@code error} message. */
public final class ErrorReplyException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public ErrorReplyException(Message.ErrorReply reply) {
        super(reply.code(), reply.detail());
    }
}
