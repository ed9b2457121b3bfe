/// How a request verifies the server's TLS certificate.
public struct HTTPTLSOptions: Sendable, Equatable {
    /// A PEM file of trusted certificate authorities, used instead of the system store.
    public var caFile: String?
    /// Accepts any certificate and host name. Only for test servers; every use is logged as a warning.
    public var insecureSkipVerify: Bool

    public init(caFile: String? = nil, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.insecureSkipVerify = insecureSkipVerify
    }
}
