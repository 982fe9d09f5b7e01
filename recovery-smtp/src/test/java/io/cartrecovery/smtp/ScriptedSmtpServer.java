package io.cartrecovery.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SMTP peer on a free port that answers from a script: 250 to everything unless a reply is set for
 * MAIL, RCPT, end of data or AUTH. Counts the connections it accepts and the messages it takes, and can hang up
 * after each message or stay silent (for timeouts).
 */
final class ScriptedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private final Semaphore hangUps = new Semaphore(0);
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    volatile String mailReply = "250 OK";
    volatile String rcptReply = "250 OK";
    volatile String dataReply = "250 OK queued";
    volatile String authReply = null; // null: AUTH not offered
    volatile boolean hangUpAfterMessage;
    volatile boolean silent;

    ScriptedSmtpServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A sender builder aimed at this server: no TLS, the test store's mail settings. */
    SmtpSender.Builder senderBuilder() {
        return SmtpSender.builder().host("127.0.0.1").port(port()).security(Security.NONE)
                .store(Deliveries.STORE, Deliveries.storeMail());
    }

    int port() {
        return socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int messages() {
        return messages.get();
    }

    List<String> commands() {
        return commands;
    }

    /** Waits until the server has hung up on a client (after {@link #hangUpAfterMessage}). */
    boolean awaitHangUp() throws InterruptedException {
        return hangUps.tryAcquire(5, TimeUnit.SECONDS);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                open.add(client);
                Thread handler = new Thread(() -> serve(client), "scripted-smtp-client");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                     StandardCharsets.UTF_8));
             OutputStream out = client.getOutputStream()) {
            if (silent) {
                in.read(); // say nothing until the client gives up
                return;
            }
            reply(out, "220 scripted ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, authReply == null ? "250 scripted" : "250-scripted\r\n250 AUTH PLAIN");
                    case "HELO", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "MAIL" -> reply(out, mailReply);
                    case "RCPT" -> reply(out, rcptReply);
                    case "AUTH" -> {
                        if (line.trim().split(" ").length < 3) {
                            reply(out, "334 ");
                            commands.add(in.readLine());
                        }
                        reply(out, authReply);
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        while (!".".equals(in.readLine())) {
                            // the message itself is not kept
                        }
                        if (dataReply.startsWith("250")) {
                            messages.incrementAndGet();
                        }
                        reply(out, dataReply);
                        if (hangUpAfterMessage) {
                            client.close();
                            hangUps.release();
                            return;
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "500 unknown command");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket client : open) {
            client.close();
        }
    }
}
