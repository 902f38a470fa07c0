package studio.ainative.chat.service;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an upstream's Server-Sent Events stream into the data of each event as bytes arrive: lines end in LF
 * or CRLF (what OpenAI-compatible servers send), the {@code data:} lines of one event are joined with LF, and
 * {@code event:}, {@code id:}, {@code retry:} and comment lines are dropped. An event longer than
 * {@code maxEventBytes} is an error: an upstream cannot make this service buffer without bound.
 */
final class SseEvents {

    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private int eventBytes;

    SseEvents(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** The data of every event {@code bytes} completes, in order. */
    List<String> feed(Buffer bytes) {
        List<String> events = new ArrayList<>(2);
        for (int i = 0; i < bytes.length(); i++) {
            byte b = bytes.getByte(i);
            if (b == '\n') {
                endOfLine(events);
            } else {
                append(b);
            }
        }
        return events;
    }

    private void append(byte b) {
        if (eventBytes + lineLength >= maxEventBytes) {
            throw new IllegalStateException("an event longer than " + maxEventBytes + " bytes");
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endOfLine(List<String> events) {
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        lineLength = 0;
        eventBytes += length;
        if (length == 0) {
            if (hasData) {
                events.add(data.toString());
            }
            data.setLength(0);
            hasData = false;
            eventBytes = 0;
        } else if (length >= 5 && line[0] == 'd' && line[1] == 'a' && line[2] == 't' && line[3] == 'a' && line[4] == ':') {
            int from = length > 5 && line[5] == ' ' ? 6 : 5;
            if (hasData) {
                data.append('\n');
            }
            data.append(new String(line, from, length - from, StandardCharsets.UTF_8));
            hasData = true;
        }
    }
}
