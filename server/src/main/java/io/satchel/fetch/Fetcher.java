package io.satchel.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one way Satchel reaches out to a URL someone gave it (from-URL uploads now; remote copies and
 * webhooks later). {@link #check} applies the URL rules and resolves the host against the
 * {@link AddressGuard}; {@link #open} does the GET, following redirects itself so that every hop is
 * checked again, resolved once, and connected to only at the addresses that were checked. Bytes and time
 * are capped; every failure is a {@link FetchException} with Uploadcare's error code.
 */
public final class Fetcher implements AutoCloseable {
    private static final String USER_AGENT = "Satchel";

    private final FetchLimits limits;
    private final GuardedConnections connections;
    private final CloseableHttpClient client;
    private final Failures failures;

    public Fetcher(FetchLimits limits, AddressGuard guard, HostResolver resolver) {
        this.limits = limits;
        this.connections = new GuardedConnections(guard, resolver);
        this.failures = new Failures(limits.timeLimit());
        var tls = RegistryBuilder.<TlsSocketStrategy>create()
                .register(URIScheme.HTTPS.id, DefaultClientTlsStrategy.createSystemDefault()).build();
        var connectionManager = new PoolingHttpClientConnectionManager(
                new DefaultHttpClientConnectionOperator(connections, null, connections, tls),
                PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMinutes(1), null);
        connectionManager.setMaxTotal(64);
        connectionManager.setDefaultMaxPerRoute(8);
        connectionManager.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(timeout(limits.connectTimeout()))
                .setSocketTimeout(timeout(limits.readTimeout()))
                .build());
        this.client = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build();
    }

    /**
     * The URL rules, then the host's addresses against the guard (a name that does not resolve, or
     * resolves to any refused address, is refused). Answers the URL as it will be requested. The same
     * checks run again at connect time, so an answer that changes in between (DNS rebinding) is caught.
     */
    public URI check(String url) throws FetchException {
        URI uri = SourceUrl.parse(url);
        try {
            connections.resolve(uri.getHost());
        } catch (GuardedConnections.Refused e) {
            throw FetchError.PRIVATE_IP_FORBIDDEN.exception();
        } catch (UnknownHostException e) {
            throw FetchError.HOSTNAME_NOT_FOUND.exception();
        }
        return uri;
    }

    /** GETs {@code url}, following at most the configured number of redirects; the caller reads and closes the body. */
    public Download open(URI url, long maxBytes) throws FetchException {
        long deadline = System.nanoTime() + limits.timeLimit().toNanos();
        URI current = SourceUrl.check(url);
        for (int redirects = 0; ; redirects++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw failures.timeLimit();
            HttpGet get = new HttpGet(current);
            get.setHeader(HttpHeaders.ACCEPT, "*/*");
            get.setConfig(RequestConfig.custom()
                    .setResponseTimeout(timeout(min(limits.readTimeout(), left)))
                    .setRedirectsEnabled(false)
                    .setAuthenticationEnabled(false)
                    .setProtocolUpgradeEnabled(false)
                    .build());
            ClassicHttpResponse response;
            try {
                response = client.executeOpen(null, get, HttpClientContext.create());
            } catch (IOException e) {
                throw failures.of(e, deadline);
            }
            int status = response.getCode();
            Header location = response.getFirstHeader(HttpHeaders.LOCATION);
            if (isRedirect(status) && location != null) {
                get.cancel();
                closeQuietly(response);
                if (redirects >= limits.maxRedirects()) throw FetchError.REDIRECTS_LIMIT_EXCEEDED.exception();
                current = SourceUrl.redirect(current, location.getValue());
                continue;
            }
            if (status < 200 || status >= 300) {
                get.cancel();
                closeQuietly(response);
                if (status >= 400 && status < 500) throw FetchError.HTTP_CLIENT_ERROR.exception(status);
                if (status >= 500) throw FetchError.HTTP_SERVER_ERROR.exception(status);
                throw FetchError.HTTP_UNEXPECTED.exception(status);
            }
            HttpEntity entity = response.getEntity();
            long length = entity == null ? 0 : entity.getContentLength();
            if (length > maxBytes) {
                get.cancel();
                closeQuietly(response);
                throw FetchError.SIZE_LIMIT_EXCEEDED.exception(length, maxBytes);
            }
            Header disposition = response.getFirstHeader("Content-Disposition");
            InputStream raw;
            try {
                raw = entity == null ? InputStream.nullInputStream() : entity.getContent();
            } catch (IOException e) {
                closeQuietly(response);
                throw failures.of(e, deadline);
            }
            return new Download(current, length, disposition == null ? null : disposition.getValue(), raw, maxBytes,
                    deadline, failures, get::cancel, response);
        }
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Duration min(Duration a, long nanos) {
        return a.toNanos() < nanos ? a : Duration.ofNanos(nanos);
    }

    private static Timeout timeout(Duration d) {
        return Timeout.of(Math.max(1, d.toMillis()), TimeUnit.MILLISECONDS);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing more to do with it
        }
    }

    /** What an I/O failure means for the client: refused, not found, too slow, or a network error. */
    static final class Failures {
        private final Duration timeLimit;

        Failures(Duration timeLimit) {
            this.timeLimit = timeLimit;
        }

        FetchException timeLimit() {
            return FetchError.TIME_LIMIT_EXCEEDED.exception(Math.max(1, timeLimit.toSeconds()));
        }

        FetchException of(IOException e, long deadlineNanos) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof FetchException f) return f;
                if (t instanceof GuardedConnections.Refused) return FetchError.PRIVATE_IP_FORBIDDEN.exception();
                if (t instanceof UnknownHostException) return FetchError.HOSTNAME_NOT_FOUND.exception();
            }
            if (System.nanoTime() - deadlineNanos >= 0) return timeLimit();
            return FetchError.NETWORK_ERROR.exception(reason(e));
        }

        private static String reason(IOException e) {
            if (e instanceof SocketTimeoutException) return "timed out";
            if (e instanceof ConnectException) return "connection refused";
            if (e instanceof SSLException) return "TLS failed";
            if (e instanceof ConnectionClosedException) return "connection closed early";
            if (e instanceof org.apache.hc.core5.http.NoHttpResponseException) return "no response";
            if (e instanceof org.apache.hc.client5.http.ClientProtocolException) return "invalid HTTP response";
            return "connection failed";
        }
    }
}
