import CCurl

/// libcurl's process-wide state, set up exactly once before the first handle is made.
enum CurlLibrary {
    /// `curl_global_init` is not thread-safe; a static `let` runs its initializer once, under a lock.
    static let isInitialized: Bool = curl_global_init(CCURL_GLOBAL_DEFAULT) == CURLE_OK

    static func initialize() {
        precondition(isInitialized, "curl_global_init failed: libcurl cannot be used in this process")
    }
}
