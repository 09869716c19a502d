package org.shoptide.server;

import java.net.InetAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a raw socket, for requests that {@code java.net.http} refuses to send (bad escapes, {@code %00},
 * duplicate or huge headers, invalid UTF-8). One request per connection ({@code Connection: close}).
 */
final class RawHttp {
    /** The answer: status, lower-case header names (last value wins) and body text. */
    record Answer(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the final blank line) and {@code body}. */
    static Answer send(int port, String head, byte[] body) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            StringBuilder h = new StringBuilder(head);
            if (!head.endsWith("\r\n")) {
                h.append("\r\n");
            }
            h.append("Host: 127.0.0.1\r\nConnection: close\r\n");
            if (body != null) {
                h.append("Content-Length: ").append(body.length).append("\r\n");
            }
            h.append("\r\n");
            byte[] request = h.toString().getBytes(StandardCharsets.ISO_8859_1);
            // written on another thread: the server may answer (413, 400) and close before it has read everything
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(request);
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException closedEarly) {
                    // the answer tells why
                }
            });
            Answer a = read(s.getInputStream());
            writer.join();
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException reset) {
            // the server may reset after answering a request it refuses to read
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP answer: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).trim());
        }
        String body = text.substring(end + 4); // one char per byte
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers,
                new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
