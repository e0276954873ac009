package ai.citadel.testing.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One HTTP/1.1 connection that stays open across requests, written and read byte by byte so that a request can be
 * anything at all and the answer is seen exactly as the server framed it. Bodies are written on their own thread,
 * so a server that answers before reading the whole body can neither block the client nor lose its answer.
 */
final class KeptAliveConnection implements Closeable {

    /** More than any answer of the services under test; a longer one is a failure of its own. */
    private static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;

    KeptAliveConnection(String host, int port, Duration timeout) throws IOException {
        this.socket = new Socket(host, port);
        this.timeout = timeout;
        socket.setSoTimeout((int) timeout.toMillis());
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** The answer to a request; the body is empty where none may follow ({@code HEAD}, 204, 304). */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : String.join(", ", values);
        }

        boolean announcesClose() {
            String connection = header("Connection");
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** How an exchange ended when no whole answer came back. */
    static final class Broken extends IOException {

        private final String category;

        Broken(String category, String message, Throwable cause) {
            super(message, cause);
            this.category = category;
        }

        /** Short, for counting failures alike. */
        String category() {
            return category;
        }
    }

    /**
     * Writes the request and reads its final answer (skipping {@code 100 Continue}).
     *
     * @param head whether the request is a {@code HEAD}, whose answer has no body whatever its headers say
     * @throws Broken the server closed the connection before a whole answer, or said nothing within the timeout
     */
    Answer exchange(byte[] request, boolean head) throws Broken {
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                writeFailure.set(e);
            }
        });
        Answer answer;
        try {
            answer = read(head);
        } catch (SocketTimeoutException e) {
            throw new Broken("hang", "no answer within " + timeout.toSeconds() + " s (hang)", e);
        } catch (Broken e) {
            throw e;
        } catch (IOException e) {
            throw new Broken("closed without a whole answer",
                    "connection closed without a whole answer (" + e.getMessage() + ")", e);
        }
        try {
            writer.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!answer.announcesClose()) {
            if (writer.isAlive()) {
                throw new Broken("stopped reading the body", "answered " + answer.status()
                        + " but stopped reading the request body, without Connection: close", null);
            }
            if (writeFailure.get() != null) {
                throw new Broken("closed without Connection: close after " + answer.status(), "answered "
                        + answer.status() + " but closed the connection before the request was written, without "
                        + "Connection: close (" + writeFailure.get().getMessage() + ")", null);
            }
        }
        return answer;
    }

    private Answer read(boolean head) throws IOException {
        while (true) {
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
                throw new Broken("malformed answer", "answered with no HTTP status line: " + statusLine, null);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(line.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            Answer answer = new Answer(status, headers, new byte[0]);
            if (head || status == 204 || status == 304 || status == 101) {
                return answer;
            }
            return new Answer(status, headers, body(answer));
        }
    }

    private byte[] body(Answer answer) throws IOException {
        String encoding = answer.header("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = chunkSize(line()); size > 0; size = chunkSize(line())) {
                body.writeBytes(exactly(size));
                line();
                if (body.size() > MAX_ANSWER_BYTES) {
                    throw new IOException("answer longer than " + MAX_ANSWER_BYTES + " bytes");
                }
            }
            while (!line().isEmpty()) {
                // trailers
            }
            return body.toByteArray();
        }
        String length = answer.header("Content-Length");
        if (length != null) {
            long declared = Long.parseLong(length.split(",")[0].trim());
            if (declared > MAX_ANSWER_BYTES) {
                throw new IOException("answer declares " + declared + " bytes");
            }
            return exactly((int) declared);
        }
        // delimited by the end of the connection
        byte[] rest = in.readNBytes(MAX_ANSWER_BYTES);
        close();
        return rest;
    }

    private static int chunkSize(String line) throws IOException {
        try {
            return Integer.parseInt(line.split(";")[0].trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line in the answer: " + line);
        }
    }

    private byte[] exactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("answer body ended after " + bytes.length + " of " + length + " bytes");
        }
        return bytes;
    }

    /** One header-section line, without its CRLF (or bare LF). */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException(line.size() == 0 ? "end of stream" : "end of stream mid-line");
            }
            if (line.size() > 64 * 1024) {
                throw new IOException("answer header line over 64 KiB");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a connection that failed
        }
    }
}
