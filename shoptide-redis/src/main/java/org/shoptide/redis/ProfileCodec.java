package org.shoptide.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.shoptide.core.realtime.SubjectProfile;

/**
 * The stored form of one subject's {@link SubjectProfile.State}: one hash field per subject, read in one round trip.
 * Big-endian, strings as Java modified UTF-8 ({@link DataOutputStream#writeUTF}), lists as an int count then entries:
 *
 * <pre>
 * byte    format version (1)
 * long    lastMillis
 * bool    has session id; then UTF session id
 * int n;  n × (UTF item, float weight, long epochMillis)   recent items, newest first
 * int n;  n × UTF                                           session items, newest first
 * int n;  n × UTF                                           purchased, oldest first
 * int n;  n × UTF                                           cart, oldest first
 * int n;  n × UTF                                           disliked, oldest first
 * int n;  n × (UTF category, float weight)                  category affinity, by name
 * </pre>
 *
 * Equal states encode to equal bytes (categories sorted), which the apply script relies on to detect a concurrent
 * change. A reader refuses a version it does not know rather than guess.
 */
final class ProfileCodec {
    static final byte VERSION = 1;

    private ProfileCodec() {
    }

    static byte[] encode(SubjectProfile.State s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 24 * s.recent().size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(s.lastMillis());
            out.writeBoolean(s.session() != null);
            if (s.session() != null) {
                out.writeUTF(s.session());
            }
            out.writeInt(s.recent().size());
            for (int i = 0; i < s.recent().size(); i++) {
                out.writeUTF(s.recent().get(i));
                out.writeFloat(s.weights()[i]);
                out.writeLong(s.times()[i]);
            }
            writeList(out, s.sessionItems());
            writeList(out, s.purchased());
            writeList(out, s.cart());
            writeList(out, s.disliked());
            Map<String, Float> sorted = new TreeMap<>(s.categories());
            out.writeInt(sorted.size());
            for (Map.Entry<String, Float> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeFloat(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SubjectProfile.State decode(byte[] b) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("stored realtime profile has format version " + version
                        + ", this build reads " + VERSION + " (rebuild the state from the log)");
            }
            long last = in.readLong();
            String session = in.readBoolean() ? in.readUTF() : null;
            int n = count(in);
            List<String> recent = new ArrayList<>(n);
            float[] weights = new float[n];
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                recent.add(in.readUTF());
                weights[i] = in.readFloat();
                times[i] = in.readLong();
            }
            List<String> sessionItems = readList(in);
            List<String> purchased = readList(in);
            List<String> cart = readList(in);
            List<String> disliked = readList(in);
            int c = count(in);
            Map<String, Float> categories = new LinkedHashMap<>();
            for (int i = 0; i < c; i++) {
                categories.put(in.readUTF(), in.readFloat());
            }
            return new SubjectProfile.State(recent, weights, times, session, last, sessionItems, purchased, cart,
                    disliked, categories);
        } catch (IOException e) {
            throw new IllegalStateException("stored realtime profile is truncated or corrupt", e);
        }
    }

    private static void writeList(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = count(in);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(in.readUTF());
        }
        return list;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("implausible count " + n);
        }
        return n;
    }
}
