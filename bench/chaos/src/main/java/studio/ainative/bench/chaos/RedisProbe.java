package studio.ainative.bench.chaos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Counts keys in the suite's own Redis (a few commands in RESP over a socket; the suite's Redis holds little). */
final class RedisProbe {

    private final int port;

    RedisProbe(int port) {
        this.port = port;
    }

    /** Keys matching {@code pattern} ({@code KEYS}, fine on the suite's small private Redis); -1 when Redis does not answer. */
    int count(String pattern) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            byte[] arg = pattern.getBytes(StandardCharsets.UTF_8);
            out.write(("*2\r\n$4\r\nKEYS\r\n$" + arg.length + "\r\n" + pattern + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String head = in.readLine();
            if (head == null || !head.startsWith("*")) {
                return -1;
            }
            return Integer.parseInt(head.substring(1));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
