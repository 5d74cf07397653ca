package io.satchel.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.io.DetachedSocketFactory;

/**
 * The two places where the HTTP client turns a name into a connection, both guarded. The resolver
 * looks a host up once and refuses the whole answer when any address in it is not allowed (a name that
 * mixes public and private addresses is how DNS rebinding is staged); the client connects only to the
 * addresses it returned. Every socket then checks, as it connects, that its address is resolved and
 * allowed, which also covers literal IP hosts and anything that would bypass the resolver.
 */
final class GuardedConnections implements DnsResolver, DetachedSocketFactory {
    private final AddressGuard guard;
    private final HostResolver resolver;

    GuardedConnections(AddressGuard guard, HostResolver resolver) {
        this.guard = guard;
        this.resolver = resolver;
    }

    /** A host refused because of where it points; an {@link UnknownHostException} to travel through the client. */
    static final class Refused extends UnknownHostException {
        Refused(String host) {
            super(host);
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all;
        try {
            all = new InetAddress[] {InetAddress.ofLiteral(name)};
        } catch (IllegalArgumentException notLiteral) {
            all = resolver.resolve(name);
        }
        if (all == null || all.length == 0) throw new UnknownHostException(host);
        for (InetAddress a : all) {
            if (!guard.allows(a)) throw new Refused(host);
        }
        return all;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host)).map(a -> new InetSocketAddress(a, port)).toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host; // never used for routing; no reverse look-ups
    }

    @Override
    public Socket create(Proxy proxy) throws IOException {
        if (proxy != null && proxy.type() != Proxy.Type.DIRECT) throw new IOException("fetches do not go through proxies");
        return new GuardedSocket();
    }

    private final class GuardedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target) || target.isUnresolved() || !guard.allows(target.getAddress())) {
                close();
                throw FetchError.PRIVATE_IP_FORBIDDEN.exception();
            }
            super.connect(endpoint, timeout);
        }
    }
}
