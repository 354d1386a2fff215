package com.verdictdigest.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Plain sockets with TCP_NODELAY. Angus leaves Nagle's algorithm on, so the end of each message
 * waits for the delayed ACK (~40 ms): 23 messages a second on loopback instead of thousands.
 * One factory serves one connection and remembers its socket, so that the bulk path can write
 * to it directly.
 */
final class NoDelaySocketFactory extends SocketFactory {

    private volatile Socket last;

    /** The socket this factory made last. */
    Socket lastSocket() {
        return last;
    }

    @Override
    public Socket createSocket() throws IOException {
        return tuned(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return tuned(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return tuned(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return tuned(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return tuned(new Socket(address, port, localAddress, localPort));
    }

    private Socket tuned(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        last = s;
        return s;
    }
}
