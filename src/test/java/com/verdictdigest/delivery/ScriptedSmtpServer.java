package com.verdictdigest.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A small SMTP server on loopback whose answer to RCPT depends on the recipient's local part:
 * {@code soft*} 450 4.2.0, {@code hard*} 550 5.1.1, {@code policy*} 550 5.7.1, {@code drop*}
 * closes the connection, {@code flaky*} closes it on the first try only; anything else is
 * accepted. It records every message it accepted, and counts connections. With
 * {@code pipelining} it offers PIPELINING (RFC 2920) and, like Postfix, refuses DATA after a
 * transaction without an accepted recipient. A connection that closes before the end of data leaves no message.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** @param at when the server accepted it (the wall clock) */
    public record Received(String mailFrom, String rcpt, String data, java.time.Instant at) {
    }

    private final ServerSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> rcptTries = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger writtenAhead = new AtomicInteger();
    private final boolean pipelining;
    private volatile IntPredicate holdReplyUntil;
    private final AtomicInteger repliesHeldInVain = new AtomicInteger();

    public ScriptedSmtpServer(int port) throws IOException {
        this(port, false);
    }

    ScriptedSmtpServer(int port, boolean pipelining) throws IOException {
        this.pipelining = pipelining;
        socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "scripted-smtp");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<Received> received() {
        return received;
    }

    int triesFor(String rcpt) {
        AtomicInteger n = rcptTries.get(rcpt);
        return n == null ? 0 : n.get();
    }

    /** Messages whose end of data arrived with the next command already behind it (pipelined across messages). */
    int writtenAhead() {
        return writtenAhead.get();
    }

    public int connections() {
        return connections.get();
    }

    /**
     * Holds each reply to an end of data until {@code condition} holds for the number of messages
     * received so far (this one included), for at most two seconds; {@link #repliesHeldInVain}
     * counts the replies it timed out on (from then on it no longer waits).
     */
    void holdEndOfDataRepliesUntil(IntPredicate condition) {
        this.holdReplyUntil = condition;
    }

    int repliesHeldInVain() {
        return repliesHeldInVain.get();
    }

    private void holdReply(int messages) {
        IntPredicate condition = holdReplyUntil;
        if (condition == null || repliesHeldInVain.get() > 0) {
            return;
        }
        try {
            Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() -> condition.test(messages));
        } catch (ConditionTimeoutException e) {
            repliesHeldInVain.incrementAndGet();
        }
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> session(s), "scripted-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = s.getOutputStream()) {
            reply(out, "220 scripted ESMTP");
            String from = null;
            String rcpt = null;
            String accepted = null;
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (cmd) {
                    case "EHLO", "HELO" -> reply(out, pipelining ? "250-scripted\r\n250 PIPELINING" : "250 scripted");
                    case "MAIL" -> {
                        from = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        accepted = null;
                        reply(out, "250 2.1.0 Ok");
                    }
                    case "RCPT" -> {
                        rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        int tries = rcptTries.computeIfAbsent(rcpt, k -> new AtomicInteger()).incrementAndGet();
                        String local = rcpt.substring(0, rcpt.indexOf('@'));
                        if (local.startsWith("soft")) {
                            reply(out, "450 4.2.0 <" + rcpt + ">: mailbox busy, try later");
                        } else if (local.startsWith("hard")) {
                            reply(out, "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown");
                        } else if (local.startsWith("policy")) {
                            reply(out, "550 5.7.1 <" + rcpt + ">: blocked by policy");
                        } else if (local.startsWith("drop") || (local.startsWith("flaky") && tries == 1)) {
                            return;
                        } else {
                            accepted = rcpt;
                            reply(out, "250 2.1.5 Ok");
                            continue;
                        }
                    }
                    case "DATA" -> {
                        if (accepted == null) {
                            reply(out, "554 5.5.1 Error: no valid recipients");
                            continue;
                        }
                        rcpt = accepted;
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                        }
                        if (line == null) {
                            return; // the client went away before the end of data: no message, as a real server does
                        }
                        if (in.ready()) {
                            writtenAhead.incrementAndGet(); // the next command came with this end of data
                        }
                        received.add(new Received(from, rcpt, data.toString(), java.time.Instant.now()));
                        holdReply(received.size());
                        accepted = null;
                        reply(out, "250 2.0.0 Ok: queued as Q" + received.size());
                    }
                    case "RSET" -> {
                        accepted = null;
                        reply(out, "250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
