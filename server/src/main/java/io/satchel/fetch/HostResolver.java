package io.satchel.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name into addresses; the fetcher asks it once per connection and connects only to what it said. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;

    /** The system's resolver (hosts file, DNS). */
    static HostResolver system() {
        return InetAddress::getAllByName;
    }
}
