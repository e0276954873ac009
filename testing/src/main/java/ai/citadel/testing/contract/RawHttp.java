package ai.citadel.testing.contract;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand, for what HTTP clients will not send: a body shorter than its declared length, an empty
 * {@code Content-Type}, a bad percent-escape in the path; and to see whether a connection stays usable after them.
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** Sends the request text as is and returns everything the server answers until it closes or goes quiet. */
    public static String exchange(String request) throws IOException {
        try (RawHttp connection = connect()) {
            return connection.send(request);
        }
    }

    /** A connection to the application under test, kept open for several requests. */
    public static RawHttp connect() throws IOException {
        return new RawHttp(open());
    }

    /** Sends one request on this connection and returns its answer (headers and a body of Content-Length). */
    public String send(String request) throws IOException {
        sendOnly(request);
        return readAnswer(socket.getInputStream());
    }

    /** Sends a request without reading its answer, e.g. to leave before it comes. */
    public void sendOnly(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** A POST of {@code body} with the given header lines (each ending in CRLF) and its Content-Length. */
    public static String post(String path, String headerLines, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headerLines + "Content-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    /** Whether the answer tells the client the connection ends with it. */
    public static boolean closesConnection(String answer) {
        return answer.toLowerCase().contains("\r\nconnection: close\r\n");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static Socket open() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n") && complete(answer)) {
                    break;
                }
            }
        } catch (IOException endOfAnswer) {
            // a reset after the answer, or silence: what arrived is the answer
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** Headers and a body as long as Content-Length says (the answers here always have one). */
    private static boolean complete(ByteArrayOutputStream answer) {
        String text = answer.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                int length = Integer.parseInt(line.substring(15).trim());
                return text.getBytes(StandardCharsets.UTF_8).length - end - 4 >= length;
            }
        }
        return false;
    }
}
