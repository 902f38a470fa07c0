package studio.ainative.bench.introspection;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The few Redis commands the benchmark sends itself (INFO, SCAN, DEL, EXISTS, STRLEN), over one connection in RESP. */
final class Redis implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Redis(String host, int port) throws IOException {
        socket = new Socket(host, port);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** The reply: a String (simple or bulk, null when nil), a Long, or a List of replies. Error replies throw. */
    synchronized Object call(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(request.toByteArray());
        out.flush();
        return reply();
    }

    /** {@code INFO section} as its {@code field:value} pairs. */
    Map<String, String> info(String section) throws IOException {
        return infoFields((String) call("INFO", section));
    }

    static Map<String, String> infoFields(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** Every key that matches {@code pattern}, deleted; how many there were. */
    long deleteMatching(String pattern) throws IOException {
        long deleted = 0;
        String cursor = "0";
        do {
            List<?> page = (List<?>) call("SCAN", cursor, "MATCH", pattern, "COUNT", "500");
            cursor = (String) page.get(0);
            List<String> keys = new ArrayList<>();
            keys.add("DEL");
            for (Object key : (List<?>) page.get(1)) {
                keys.add((String) key);
            }
            if (keys.size() > 1) {
                deleted += (Long) call(keys.toArray(String[]::new));
            }
        } while (!cursor.equals("0"));
        return deleted;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IOException("Redis: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                yield new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(count, 0));
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                yield items;
            }
            default -> throw new IOException("Redis: unexpected reply type " + type);
        };
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }
}
