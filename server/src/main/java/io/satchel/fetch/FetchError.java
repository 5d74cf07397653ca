package io.satchel.fetch;

/**
 * Why a fetch was refused or failed, with Uploadcare's {@code error_code} and message (spec §2.3.3,
 * §2.6). The URL errors are what {@code POST /from_url/} answers with 400 when it sees them at once;
 * during a download every error is reported through the task's status.
 */
public enum FetchError {
    SOURCE_URL_REQUIRED("SourceURLRequiredError", "source_url is required."),
    URL_PARSING_FAILED("URLParsingFailedError", "Failed to parse URL."),
    URL_SCHEME_REQUIRED("URLSchemeRequiredError", "No URL scheme supplied."),
    URL_SCHEME_INVALID("URLSchemeInvalidError", "Invalid URL scheme."),
    URL_HOST_REQUIRED("URLHostRequiredError", "No URL host supplied."),
    URL_HOST_MALFORMED("URLHostMalformedError", "URL host is malformed."),
    HOSTNAME_NOT_FOUND("HostnameNotFoundError", "Host does not exist."),
    PRIVATE_IP_FORBIDDEN("URLHostPrivateIPForbiddenError", "Only public IPs are allowed."),
    REDIRECTS_LIMIT_EXCEEDED("URLRedirectsLimitExceededError", "Too many redirects."),
    HTTP_CLIENT_ERROR("DownloadFileHTTPClientError", "HTTP client error: %s."),
    HTTP_SERVER_ERROR("DownloadFileHTTPServerError", "HTTP server error: %s."),
    HTTP_UNEXPECTED("DownloadFileError", "Unexpected HTTP response: %s."),
    NETWORK_ERROR("DownloadFileHTTPNetworkError", "Network error: %s."),
    SIZE_LIMIT_EXCEEDED("DownloadFileSizeLimitExceededError", "Downloaded file is too big: %s > %s."),
    TIME_LIMIT_EXCEEDED("DownloadFileTimeLimitExceededError", "Downloading took longer than %s seconds.");

    private final String code;
    private final String template;

    FetchError(String code, String template) {
        this.code = code;
        this.template = template;
    }

    /** Uploadcare's {@code error_code}. */
    public String code() {
        return code;
    }

    FetchException exception(Object... args) {
        return new FetchException(this, args.length == 0 ? template : String.format(java.util.Locale.ROOT, template, args));
    }
}
