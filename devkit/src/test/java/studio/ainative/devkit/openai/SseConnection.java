package studio.ainative.devkit.openai;

import io.restassured.RestAssured;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client over a socket, for what rest-assured cannot show: the response head before
 * the body, each HTTP chunk as it arrives (so a test sees a stream really goes out event by event),
 * a server that goes quiet (a read times out), a server that hangs up (EOF), and a client that hangs
 * up mid-stream (close).
 */
final class SseConnection implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private int status;
    private final Map<String, String> headers = new HashMap<>();

    private SseConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** POSTs the JSON body with the API key; nothing is read yet. */
    static SseConnection post(String path, String json, String apiKey) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(path, apiKey, "Content-Length: " + body.length, body);
    }

    /** POSTs the body in one chunk of a chunked request, so no Content-Length announces its size. */
    static SseConnection postChunked(String path, String json, String apiKey) throws IOException {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(data);
        body.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return send(path, apiKey, "Transfer-Encoding: chunked", body.toByteArray());
    }

    private static SseConnection send(String path, String apiKey, String framing, byte[] body) throws IOException {
        SseConnection connection = new SseConnection(new Socket("127.0.0.1", RestAssured.port));
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + RestAssured.port + "\r\n"
                + "Authorization: Bearer " + apiKey + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: text/event-stream\r\n"
                + framing + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = connection.socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return connection;
    }

    /** Reads the status line and headers; EOF if the server closed the connection without answering. */
    SseConnection readHead(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        return this;
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The next HTTP chunk of a chunked body, or null at the terminating chunk. Throws
     * SocketTimeoutException if nothing arrives in time, EOFException if the server hangs up first.
     */
    String nextChunk(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int size = Integer.parseInt(line().split(";")[0].trim(), 16);
        if (size == 0) {
            line();
            return null;
        }
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw new EOFException("Connection closed inside a chunk");
        }
        line();
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * The data of the next SSE event, which must fill one HTTP chunk exactly: each event is its own
     * write. Null at the end of the body.
     */
    String nextEvent(Duration timeout) throws IOException {
        String chunk = nextChunk(timeout);
        if (chunk == null) {
            return null;
        }
        if (!chunk.startsWith("data: ") || chunk.indexOf("\n\n") != chunk.length() - 2) {
            throw new AssertionError("Not exactly one SSE event in this HTTP chunk: " + chunk);
        }
        return chunk.substring("data: ".length(), chunk.length() - 2);
    }

    /** The whole body of a response with a Content-Length. */
    String fixedBody(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int length = Integer.parseInt(header("content-length"));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b == -1) {
                throw new EOFException("Connection closed by the server");
            }
            bytes.write(b);
        }
        String line = bytes.toString(StandardCharsets.UTF_8);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
