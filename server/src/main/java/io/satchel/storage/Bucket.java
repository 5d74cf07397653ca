package io.satchel.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * One bucket of an S3-compatible store and the client that reaches it, shared by the blob store and the
 * upload spool. Checksums are only sent where S3 requires them: several S3-compatible servers refuse the
 * SDK's newer default (streaming CRC32 trailers). SDK exceptions become {@link IOException}s here, a
 * missing key a {@link NoSuchFileException}, as the local store's.
 */
public final class Bucket implements AutoCloseable {
    private final S3Client client;
    private final S3Presigner presigner;
    private final String name;

    private Bucket(S3Client client, S3Presigner presigner, String name) {
        this.client = client;
        this.presigner = presigner;
        this.name = name;
    }

    public static Bucket connect(StorageSettings.S3 s) {
        AwsCredentialsProvider credentials = s.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60))
                        .build())
                .region(Region.of(s.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(s.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (s.endpoint() != null) builder.endpointOverride(s.endpoint());
        var presign = S3Presigner.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s.pathStyle()).build());
        if (s.presignEndpoint() != null) presign.endpointOverride(s.presignEndpoint());
        return new Bucket(builder.build(), presign.build(), s.bucket());
    }

    public String name() {
        return name;
    }

    S3Client client() {
        return client;
    }

    S3Presigner presigner() {
        return presigner;
    }

    /** A call to the store, its failures as IOExceptions ({@code key} names the object in messages). */
    <T> T call(String key, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (NoSuchUploadException e) {
            throw new NoSuchFileException(key, null, "no such multipart upload");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new NoSuchFileException(key);
            String message = "S3 " + name + "/" + key + ": " + e.statusCode() + " " + describe(e);
            if (e.statusCode() >= 500) throw new StoreUnavailableException(message, e);
            throw new IOException(message, e);
        } catch (SdkClientException e) {
            throw new StoreUnavailableException("S3 " + name + "/" + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 " + name + "/" + key + ": " + e.getMessage(), e);
        }
    }

    void run(String key, Runnable request) throws IOException {
        call(key, () -> {
            request.run();
            return null;
        });
    }

    /**
     * Bytes {@code [offset, offset + length)} of an object ({@code length} -1: to its end); a range that
     * starts past the end reads nothing, as a file positioned there would.
     */
    InputStream get(String key, long offset, long length) throws IOException {
        if (length == 0) return InputStream.nullInputStream();
        String range = offset == 0 && length < 0 ? null
                : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try {
            return call(key, () -> client.getObject(r -> r.bucket(name).key(key).range(range)));
        } catch (IOException e) {
            if (e.getCause() instanceof S3Exception s3 && s3.statusCode() == 416) return InputStream.nullInputStream();
            throw e;
        }
    }

    /** The object's size, or -1 when there is none. */
    long size(String key) throws IOException {
        try {
            return call(key, () -> client.headObject(r -> r.bucket(name).key(key)).contentLength());
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    /** Removes the object; an absent one is not an error. */
    void delete(String key) throws IOException {
        run(key, () -> client.deleteObject(r -> r.bucket(name).key(key)));
    }

    /** Removes every object whose key starts with {@code prefix}, a thousand per request. */
    void deletePrefix(String prefix) throws IOException {
        List<S3Object> objects = call(prefix, () -> client.listObjectsV2Paginator(r -> r.bucket(name).prefix(prefix))
                .contents().stream().toList());
        for (int from = 0; from < objects.size(); from += 1000) {
            List<ObjectIdentifier> batch = objects.subList(from, Math.min(objects.size(), from + 1000)).stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            run(prefix, () -> client.deleteObjects(r -> r.bucket(name).delete(d -> d.objects(batch).quiet(true))));
        }
    }

    static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromInputStream(new java.io.ByteArrayInputStream(bytes, 0, length), length);
    }

    private static String describe(S3Exception e) {
        var details = e.awsErrorDetails();
        return details != null && details.errorCode() != null ? details.errorCode() + ": " + details.errorMessage()
                : e.getMessage();
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
