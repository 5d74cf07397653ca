package io.satchel.fetch;

import java.net.InetAddress;

/** Which addresses a fetch may connect to; asked for every address of every hop, at connect time. */
@FunctionalInterface
public interface AddressGuard {

    boolean allows(InetAddress address);

    /** The default: public addresses only. */
    static AddressGuard publicOnly() {
        return a -> AddressClass.of(a) == AddressClass.PUBLIC;
    }

    /** {@code SATCHEL_FETCH_ALLOW_PRIVATE_NETWORKS} (tests): private networks too, never metadata, multicast, broadcast, 0.0.0.0. */
    static AddressGuard privateNetworksToo() {
        return a -> {
            AddressClass c = AddressClass.of(a);
            return c == AddressClass.PUBLIC || c.isPrivateNetwork();
        };
    }
}
