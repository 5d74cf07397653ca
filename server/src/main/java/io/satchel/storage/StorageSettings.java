package io.satchel.storage;

import io.satchel.config.InvalidSettingException;
import java.net.URI;

/**
 * Where file bytes live: {@code file} (the data folder, the default) or {@code s3} (any S3-compatible
 * store, for many nodes). Bound from {@code SATCHEL_STORAGE} and {@code SATCHEL_S3_…}.
 */
public record StorageSettings(Kind kind, S3 s3) {

    public static final StorageSettings FILE = new StorageSettings(Kind.FILE, S3.NONE);

    public enum Kind { FILE, S3 }

    /**
     * Where multipart clients send their parts on S3: through Satchel's own part URLs ({@code satchel},
     * works everywhere), or straight to the bucket through presigned URLs ({@code bucket}: the bytes never
     * pass a node, but the bucket must be reachable by clients and allow their origin by CORS).
     */
    public enum PartUrls { SATCHEL, BUCKET }

    /**
     * An S3-compatible store. Without an endpoint the SDK's own (AWS) is used; without keys, the SDK's
     * default credential chain (environment, profile, instance role…). {@code publicEndpoint} is the
     * bucket's address as clients see it, used in presigned part URLs (defaults to {@code endpoint}).
     */
    public record S3(URI endpoint, String region, String bucket, String accessKey, String secretKey, boolean pathStyle,
                     PartUrls partUrls, URI publicEndpoint) {
        public static final S3 NONE = new S3(null, "us-east-1", null, null, null, false, PartUrls.SATCHEL, null);

        /** The endpoint presigned URLs name. */
        public URI presignEndpoint() {
            return publicEndpoint != null ? publicEndpoint : endpoint;
        }
    }

    public static StorageSettings s3(S3 s3) {
        return new StorageSettings(Kind.S3, s3);
    }

    public boolean isS3() {
        return kind == Kind.S3;
    }

    public StorageSettings validate() {
        if (kind != Kind.S3) return this;
        require(s3.bucket() != null && !s3.bucket().isBlank(), "SATCHEL_S3_BUCKET", "must be set when SATCHEL_STORAGE is s3");
        require(s3.region() != null && !s3.region().isBlank(), "SATCHEL_S3_REGION", "must not be empty");
        require((s3.accessKey() == null) == (s3.secretKey() == null), "SATCHEL_S3_ACCESS_KEY",
                "and SATCHEL_S3_SECRET_KEY must be set together (or neither, for the SDK's default credentials)");
        requireUrl(s3.endpoint(), "SATCHEL_S3_ENDPOINT");
        requireUrl(s3.publicEndpoint(), "SATCHEL_S3_PUBLIC_ENDPOINT");
        return this;
    }

    private static void requireUrl(URI u, String name) {
        if (u == null) return;
        require(("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                && (u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/")), name,
                "must be an absolute http(s) URL without a path, got " + u);
    }

    private static void require(boolean ok, String name, String problem) {
        if (!ok) throw new InvalidSettingException(name, problem);
    }
}
