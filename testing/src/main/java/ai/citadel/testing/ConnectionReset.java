package ai.citadel.testing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops a connection the way a crashed server or a pulled cable does: a TCP reset (SO_LINGER 0), not an orderly
 * close, so clients see "connection reset" rather than a clean end of stream. Uses Vert.x internals to reach the
 * Netty channel; should they change, it falls back to a plain close.
 */
public final class ConnectionReset {

    private ConnectionReset() {
    }

    public static Future<Void> reset(HttpConnection connection) {
        return resetOrClose(connection, connection::close);
    }

    public static Future<Void> reset(NetSocket socket) {
        return resetOrClose(socket, socket::close);
    }

    private static Future<Void> resetOrClose(Object connection, java.util.function.Supplier<Future<Void>> close) {
        if (!(connection instanceof ConnectionBase base)) {
            return close.get();
        }
        Channel channel = base.channel();
        if (!channel.isOpen()) {
            return Future.succeededFuture();
        }
        try {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (ChannelException e) {
            // closed meanwhile by the peer: an orderly close is all that is left to do
            return close.get();
        }
        Promise<Void> closed = Promise.promise();
        channel.close().addListener(future -> closed.tryComplete());
        return closed.future();
    }
}
