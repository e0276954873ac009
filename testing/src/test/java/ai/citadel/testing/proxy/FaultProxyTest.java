package ai.citadel.testing.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = FaultProxy.start("127.0.0.1", echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBytesBothWays() throws IOException {
        try (Socket client = connect()) {
            assertEquals("hello", roundTrip(client, "hello"));
            assertEquals("again", roundTrip(client, "again"));
        }
    }

    @Test
    void keepsLargeTransfersIntactAndInOrder() throws Exception {
        byte[] payload = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        try (Socket client = connect()) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    client.getOutputStream().write(payload);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertArrayEquals(payload, client.getInputStream().readNBytes(payload.length));
            writer.join();
        }
    }

    @Test
    void countsOpenConnections() throws IOException {
        try (Socket first = connect(); Socket second = connect()) {
            roundTrip(first, "a");
            roundTrip(second, "b");
            assertEquals(2, proxy.connectionCount());
            first.close();
            awaitValue(1, proxy::connectionCount);
        }
        assertEquals(2, proxy.acceptedConnectionCount());
    }

    @Test
    void cutResetsOpenAndNewConnectionsUntilRestored() throws IOException {
        try (Socket open = connect()) {
            roundTrip(open, "before");

            proxy.cut();

            assertConnectionBroken(open);
            assertEquals(0, proxy.connectionCount());
            try (Socket refused = connect()) {
                assertConnectionBroken(refused);
            }
        }
        proxy.restore();
        try (Socket afterwards = connect()) {
            assertEquals("after", roundTrip(afterwards, "after"));
        }
    }

    @Test
    void blackholeHoldsTrafficWithoutLosingIt() throws IOException {
        try (Socket open = connect()) {
            roundTrip(open, "before");

            proxy.blackhole();
            open.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
            open.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> open.getInputStream().read());
            try (Socket waiting = connect()) {
                waiting.getOutputStream().write("queued".getBytes(StandardCharsets.UTF_8));
                waiting.setSoTimeout(300);
                assertThrows(SocketTimeoutException.class, () -> waiting.getInputStream().read());

                proxy.restore();

                assertEquals("held", read(open, 4));
                assertEquals("queued", read(waiting, 6));
            }
        }
    }

    @Test
    void delayAddsLatencyInEachDirection() throws IOException {
        proxy.delay(Duration.ofMillis(150));
        try (Socket client = connect()) {
            long start = System.nanoTime();
            assertEquals("slow", roundTrip(client, "slow"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 300, "round trip took " + millis + " ms");
        }
        proxy.restore();
        assertEquals(Duration.ZERO, proxy.currentDelay());
    }

    @Test
    void aTargetThatIsDownResetsTheClient() throws IOException {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        try (FaultProxy toNowhere = FaultProxy.start("127.0.0.1", closedPort);
                Socket client = new Socket(InetAddress.getLoopbackAddress(), toNowhere.port())) {
            assertConnectionBroken(client);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        return read(socket, bytes.length);
    }

    private static String read(Socket socket, int length) throws IOException {
        socket.setSoTimeout(5_000);
        return new String(socket.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
    }

    /** The peer reset or closed the connection: reading fails or ends, it does not wait. */
    private static void assertConnectionBroken(Socket socket) throws IOException {
        socket.setSoTimeout(2_000);
        InputStream in = socket.getInputStream();
        try {
            socket.getOutputStream().write('x');
            assertEquals(-1, in.read(), "no echo through a broken connection");
        } catch (SocketException expected) {
            // connection reset
        } catch (SocketTimeoutException e) {
            fail("the connection hangs instead of failing");
        }
    }

    private static void awaitValue(int expected, IntSupplier actual) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(expected, actual.getAsInt());
    }
}
