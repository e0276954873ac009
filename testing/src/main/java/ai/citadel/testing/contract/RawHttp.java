package ai.citadel.testing.contract;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written by hand, for what HTTP clients will not send: a body shorter than its declared length. */
final class RawHttp {

    private RawHttp() {
    }

    /** Sends the request text as is and returns everything the server answers until it closes or goes quiet. */
    static String exchange(String request) throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return readAnswer(socket.getInputStream());
        }
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
