package io.jpatroni.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port in front of one {@code host:port}, for cutting one client's connection while
 * the others keep theirs. {@link #blackhole()} is a network partition as the client sees it: its connections stay
 * open, and nothing it sends arrives nor is answered (new connections are accepted and go silent too);
 * {@link #restore()} heals it, resetting the connections that were cut, as the peers of a healed partition do.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackholed;
    private volatile boolean closed;

    private TcpProxy(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        this.target = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy for {@code hostPort}, forwarding. */
    public static TcpProxy start(String hostPort) {
        try {
            return new TcpProxy(hostPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:port}: where clients connect instead of the target. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** From now on nothing passes either way; the connections stay open. */
    public void blackhole() {
        blackholed = true;
    }

    /** Resets the connections that were black-holed and forwards again. */
    public void restore() {
        if (blackholed) {
            closeConnections();
            blackholed = false;
        }
    }

    public boolean isBlackholed() {
        return blackholed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        closeConnections();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 2000);
                } catch (IOException e) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!closed) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Copies {@code from} to {@code to} until either closes; while black-holed, reads and drops. */
    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (!blackholed) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                quietlyClose(from);
                quietlyClose(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "proxy-pump-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    private void closeConnections() {
        for (Socket s : sockets) {
            quietlyClose(s);
        }
        sockets.clear();
    }

    private static void quietlyClose(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
