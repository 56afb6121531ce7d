package org.distill4ads.distill.judge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP server on 127.0.0.1 only, written on raw sockets so that it can do what a
 * well-behaved server library will not: trickle a reply one byte at a time, flood an endless body,
 * declare a huge one, or read the request and never answer. Closing it closes every connection.
 */
final class HostileChatServer implements AutoCloseable {
    enum Mode { TRICKLE, FLOOD, DECLARE_HUGE, HANG }

    private final ServerSocket socket;
    private final Mode mode;
    private final List<Socket> clients = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    HostileChatServer(Mode mode) throws IOException {
        this.mode = mode;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "hostile-chat-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket c = socket.accept();
                synchronized (clients) {
                    clients.add(c);
                }
                Thread t = new Thread(() -> serve(c), "hostile-chat-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket c) {
        try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
            while (!closed) {
                if (!readRequest(in)) {
                    return;
                }
                requests.incrementAndGet();
                switch (mode) {
                    case TRICKLE -> {
                        out.write(head("Content-Length: 100000\r\n"));
                        out.flush();
                        String body = "{\"choices\":[{\"message\":{\"content\":\"relevant\"}}]}" + " ".repeat(99950);
                        for (int i = 0; i < body.length() && !closed; i++) {
                            out.write(body.charAt(i));
                            out.flush();
                            Thread.sleep(50);
                        }
                    }
                    case FLOOD -> {
                        out.write(head("Connection: close\r\n"));
                        byte[] block = new byte[1 << 16];
                        java.util.Arrays.fill(block, (byte) ' ');
                        for (long sent = 0; sent < (1L << 30) && !closed; sent += block.length) {
                            out.write(block);
                        }
                        return;
                    }
                    case DECLARE_HUGE -> {
                        out.write(head("Content-Length: 100000000000\r\n"));
                        out.flush();
                        while (!closed) {
                            Thread.sleep(20);
                        }
                    }
                    case HANG -> {
                        while (!closed) {
                            Thread.sleep(20);
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up or the server closed: either ends this connection
        }
    }

    private static byte[] head(String extra) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + extra + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one request (headers, then a body of Content-Length bytes); false at end of stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int length = 0;
        boolean any = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            any = true;
            if (b == '\n') {
                String l = line.toString().strip();
                if (l.isEmpty()) {
                    break;
                }
                if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(l.substring(15).strip());
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
        in.readNBytes(length);
        return any;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
        synchronized (clients) {
            for (Socket c : clients) {
                c.close();
            }
        }
    }
}
