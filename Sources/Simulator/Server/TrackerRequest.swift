import Foundation
import HTTP
import JSON

/// A request to a tracker route after authentication and version checks.
struct TrackerRequest {
    let http: HTTPServerRequest
    /// The version the reply is shaped for: the one asked for, or the server's newest when none was given.
    let version: APIVersion
    let user: Identity

    func query(_ name: String) -> String? { http.queryValue(name) }

    /// The body as JSON.
    /// - Throws: `TrackerError` 400 when it is not.
    func jsonBody() throws -> JSONValue {
        do {
            return try JSONParser.parse(http.body)
        } catch {
            throw TrackerError.invalidArgument("The request body is not valid JSON: \(error).")
        }
    }

    /// Create and update take `application/json-patch+json` only.
    func requirePatchContentType() throws {
        let contentType = http.headers["Content-Type"] ?? ""
        let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json-patch+json" else {
            throw TrackerError.unsupportedContentType(contentType, method: http.method,
                                                      expected: "application/json-patch+json")
        }
    }
}
