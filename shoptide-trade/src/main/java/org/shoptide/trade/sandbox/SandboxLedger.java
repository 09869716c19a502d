package org.shoptide.trade.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.RefundState;

/**
 * The sandbox provider's books, kept in an append-only file that is fsynced before every change is acknowledged, so a
 * SIGKILL of the server loses nothing the provider said. Format: one line per saved version of a payment, refund or
 * notification, {@code application/x-www-form-urlencoded} with a {@code kind} field ({@code payment}, {@code refund},
 * {@code note}) and a format version {@code v=1}; when reading, the last line of an id wins, and a torn last line (no
 * newline: the process died while writing it) is cut off. Not thread-safe: its owner serializes calls.
 */
final class SandboxLedger implements AutoCloseable {

    record Pay(String id, long amount, String currency, Channel channel, String description, String notifyUrl,
            Instant expiresAt, PaymentState state, String transactionId, Instant paidAt, long refunded) {
        Pay with(PaymentState s, String tx, Instant at, long newRefunded) {
            return new Pay(id, amount, currency, channel, description, notifyUrl, expiresAt, s, tx, at, newRefunded);
        }
    }

    record Ref(String id, String paymentId, long amount, RefundState state, Instant succeededAt) {
    }

    /** A notification; {@code target} is the payment or refund it is about, {@code body} its exact bytes as text. */
    record Note(String id, String target, String notifyUrl, String body, boolean delivered) {
    }

    private final Path file;
    private final FileChannel channel;
    final Map<String, Pay> payments = new LinkedHashMap<>();
    final Map<String, Ref> refunds = new LinkedHashMap<>();
    final Map<String, Note> notes = new LinkedHashMap<>();

    SandboxLedger(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sandbox ledger " + file, e);
        }
    }

    private void load() throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length()) {
            channel.truncate(text.getBytes(StandardCharsets.UTF_8).length
                    - text.substring(end).getBytes(StandardCharsets.UTF_8).length);
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (!line.isEmpty()) {
                apply(Form.decode(line));
            }
        }
        channel.position(channel.size());
    }

    private void apply(Map<String, String> f) {
        switch (f.get("kind")) {
            case "payment" -> payments.put(f.get("id"),
                    new Pay(f.get("id"), Long.parseLong(f.get("amount")), f.get("currency"),
                            Channel.valueOf(f.get("channel")), f.get("description"), f.get("notifyUrl"),
                            instant(f.get("expiresAt")), PaymentState.valueOf(f.get("state")), f.get("transactionId"),
                            instant(f.get("paidAt")), Long.parseLong(f.get("refunded"))));
            case "refund" ->
                    refunds.put(f.get("id"), new Ref(f.get("id"), f.get("paymentId"), Long.parseLong(f.get("amount")),
                            RefundState.valueOf(f.get("state")), instant(f.get("succeededAt"))));
            case "note" -> notes.put(f.get("id"), new Note(f.get("id"), f.get("target"), f.get("notifyUrl"),
                    f.get("body"), Boolean.parseBoolean(f.get("delivered"))));
            default -> throw new IllegalStateException("unknown sandbox ledger line kind " + f.get("kind"));
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    void save(Pay p) {
        Map<String, String> f = fields("payment", p.id());
        f.put("amount", Long.toString(p.amount()));
        f.put("currency", p.currency());
        f.put("channel", p.channel().name());
        f.put("description", p.description());
        f.put("notifyUrl", p.notifyUrl());
        f.put("expiresAt", text(p.expiresAt()));
        f.put("state", p.state().name());
        f.put("transactionId", p.transactionId());
        f.put("paidAt", text(p.paidAt()));
        f.put("refunded", Long.toString(p.refunded()));
        append(f);
        payments.put(p.id(), p);
    }

    void save(Ref r) {
        Map<String, String> f = fields("refund", r.id());
        f.put("paymentId", r.paymentId());
        f.put("amount", Long.toString(r.amount()));
        f.put("state", r.state().name());
        f.put("succeededAt", text(r.succeededAt()));
        append(f);
        refunds.put(r.id(), r);
    }

    void save(Note n) {
        Map<String, String> f = fields("note", n.id());
        f.put("target", n.target());
        f.put("notifyUrl", n.notifyUrl());
        f.put("body", n.body());
        f.put("delivered", Boolean.toString(n.delivered()));
        append(f);
        notes.put(n.id(), n);
    }

    /** The newest notification about a payment or refund id. */
    Optional<Note> latestNote(String target) {
        Note last = null;
        for (Note n : notes.values()) {
            if (n.target().equals(target)) {
                last = n;
            }
        }
        return Optional.ofNullable(last);
    }

    private static Map<String, String> fields(String kind, String id) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("v", "1");
        f.put("kind", kind);
        f.put("id", id);
        return f;
    }

    private void append(Map<String, String> fields) {
        byte[] line = (Form.encode(fields) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox ledger " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
