package io.khotam.nodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP path to PostgreSQL that a test can cut: while cut, every connection through it is
 * closed and new ones are refused, as a database behind a lost network looks to its client. Or
 * stall: while stalled, nothing passes either way and new connections are taken but not answered,
 * as packets dropped on the way (a firewall's DROP) look; what was held goes on when restored.
 */
final class TcpRelay implements AutoCloseable {

    private final int targetPort;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean stalled;

    TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void cut() {
        cut = true;
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all a cut does
            }
        }
        open.clear();
    }

    void stall() {
        stalled = true;
    }

    void restore() {
        cut = false;
        stalled = false;
    }

    private void waitWhileStalled() throws IOException {
        while (stalled) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stalled", e);
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    client.close();
                    continue;
                }
                open.add(client);
                Thread connect = new Thread(() -> connect(client), "relay-connect");
                connect.setDaemon(true);
                connect.start();
            } catch (IOException e) {
                // a closed server ends the loop
            }
        }
    }

    private void connect(Socket client) {
        try {
            waitWhileStalled();
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(upstream);
            pipe(client.getInputStream(), upstream.getOutputStream());
            pipe(upstream.getInputStream(), client.getOutputStream());
        } catch (IOException e) {
            // a failed connection is the client's to see
        }
    }

    private void pipe(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in; out) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    waitWhileStalled();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed, or the relay was cut
            }
        }, "relay-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
