import JSON

/// An error the simulated tracker answers with, in the real server's JSON envelope:
/// `{"$id", innerException, message, typeName, typeKey, errorCode, eventId}`.
public struct TrackerError: Error, Sendable {
    public let status: Int
    public let message: String
    public let typeKey: String
    /// The .NET type, without the assembly suffix the envelope adds.
    public let typeName: String
    public let assembly: String
    public let eventId: Int
    public var customProperties: JSONObject?
    /// Extra response headers (e.g. `WWW-Authenticate`).
    public var headers: [(String, String)] = []

    init(
        status: Int, message: String, typeKey: String, namespace: String, assembly: String, eventId: Int = 3000,
        customProperties: JSONObject? = nil
    ) {
        self.status = status
        self.message = message
        self.typeKey = typeKey
        self.typeName = "\(namespace).\(typeKey)"
        self.assembly = assembly
        self.eventId = eventId
        self.customProperties = customProperties
    }

    /// The JSON envelope.
    public var envelope: JSONValue {
        var object: JSONObject = [
            "$id": "1",
            "innerException": nil,
            "message": .string(message),
            "typeName": .string("\(typeName), \(assembly)"),
            "typeKey": .string(typeKey),
            "errorCode": 0,
            "eventId": .number(JSONNumber(eventId)),
        ]
        if let customProperties { object["customProperties"] = .object(customProperties) }
        return .object(object)
    }

    // MARK: The server's errors, as the reference describes them

    private static let witNamespace = "Microsoft.TeamFoundation.WorkItemTracking.Server"
    private static let witAssembly = "Microsoft.TeamFoundation.WorkItemTracking.Server"
    private static let webAPINamespace = "Microsoft.VisualStudio.Services.WebApi"
    private static let webAPIAssembly = "Microsoft.VisualStudio.Services.WebApi"
    private static let frameworkNamespace = "Microsoft.TeamFoundation.Framework.Server"
    private static let frameworkAssembly = "Microsoft.TeamFoundation.Framework.Server"

    static func projectNotFound(_ name: String) -> TrackerError {
        TrackerError(
            status: 404,
            message: "TF200016: The following project does not exist: \(name). Verify that the name of the "
                + "project is correct and that the project exists on the specified Azure DevOps Server.",
            typeKey: "ProjectDoesNotExistWithNameException", namespace: "Microsoft.TeamFoundation.Core.WebApi",
            assembly: "Microsoft.TeamFoundation.Core.WebApi"
        )
    }

    static func teamNotFound(_ name: String, project: String) -> TrackerError {
        TrackerError(
            status: 404, message: "The team with id '\(name)' does not exist in project '\(project)'.",
            typeKey: "TeamNotFoundException", namespace: "Microsoft.TeamFoundation.Core.WebApi",
            assembly: "Microsoft.TeamFoundation.Core.WebApi"
        )
    }

    static func workItemTypeNotFound(_ type: String, project: String) -> TrackerError {
        TrackerError(
            status: 404,
            message: "VS402323: Work item type \(type) does not exist in project \(project) or you do not "
                + "have permission to access it.",
            typeKey: "WorkItemTypeNotFoundException", namespace: witNamespace + ".Metadata", assembly: witAssembly,
            eventId: 3200
        )
    }

    static func workItemNotFound(_ id: Int) -> TrackerError {
        TrackerError(
            status: 404,
            message: "TF401232: Work item \(id) does not exist, or you do not have permissions to read it.",
            typeKey: "WorkItemUnauthorizedAccessException", namespace: witNamespace, assembly: witAssembly,
            eventId: 3200
        )
    }

    /// A field rule failed, e.g. `Required, InvalidEmpty` for an empty Title.
    static func ruleViolation(field: FieldDefinition, codes: String, flags: String) -> TrackerError {
        let message = "TF401320: Rule Error for field \(field.name). Error code: \(codes)."
        let details: JSONObject = [
            "FieldReferenceName": .string(field.referenceName),
            "FieldStatusFlags": .string(flags),
            "ErrorMessage": .string(message),
            "RuleValidationErrors": [[
                "fieldReferenceName": .string(field.referenceName),
                "fieldStatusFlags": .string(flags),
                "errorMessage": .string(message),
                "fieldStatusCode": 0,
                "ruleValidationErrors": nil,
            ]],
        ]
        return TrackerError(
            status: 400, message: message, typeKey: "RuleValidationException", namespace: witNamespace,
            assembly: witAssembly, eventId: 3200, customProperties: details
        )
    }

    static func unknownField(_ name: String) -> TrackerError {
        TrackerError(
            status: 400, message: "TF51535: Cannot find field \(name).",
            typeKey: "WorkItemFieldInvalidException", namespace: witNamespace, assembly: witAssembly, eventId: 3200
        )
    }

    static func unknownIdentity(_ value: String, field: FieldDefinition) -> TrackerError {
        TrackerError(
            status: 400,
            message: "The identity value '\(value)' for field '\(field.name)' is an unknown identity.",
            typeKey: "WorkItemFieldInvalidException", namespace: witNamespace, assembly: witAssembly, eventId: 3200
        )
    }

    static func invalidTreeName(field: FieldDefinition, value: String) -> TrackerError {
        TrackerError(
            status: 400,
            message: "TF401347: Invalid tree name given for work item -1, field '\(field.referenceName)': "
                + "'\(value)'.",
            typeKey: "WorkItemInvalidTreeNameException", namespace: witNamespace, assembly: witAssembly,
            eventId: 3200
        )
    }

    static func testOperationFailed(path: String) -> TrackerError {
        TrackerError(
            status: 400, message: "VS402625: The 'test' operation failed for path '\(path)'.",
            typeKey: "TestOperationFailedException", namespace: witNamespace, assembly: witAssembly, eventId: 3200
        )
    }

    static func invalidPatchDocument(_ reason: String) -> TrackerError {
        TrackerError(
            status: 400, message: "You must pass a valid patch document in the body of the request. \(reason)",
            typeKey: "VssPropertyValidationException", namespace: webAPINamespace, assembly: webAPIAssembly
        )
    }

    static func invalidArgument(_ message: String) -> TrackerError {
        TrackerError(
            status: 400, message: message, typeKey: "ArgumentException", namespace: "System",
            assembly: "mscorlib"
        )
    }

    static func unsupportedContentType(_ contentType: String, method: String, expected: String) -> TrackerError {
        TrackerError(
            status: 415,
            message: "The request indicated a Content-Type of \"\(contentType)\" for method type \"\(method)\" "
                + "which is not supported. Valid content types for this method are: \(expected).",
            typeKey: "VssRequestContentTypeNotSupportedException", namespace: webAPINamespace,
            assembly: webAPIAssembly
        )
    }

    static func versionOutOfRange(requested: String, latest: String) -> TrackerError {
        TrackerError(
            status: 400,
            message: "The requested REST API version of \(requested) is out of range for this server. "
                + "The latest REST API version this server supports is \(latest).",
            typeKey: "VssVersionOutOfRangeException", namespace: webAPINamespace, assembly: webAPIAssembly
        )
    }

    static func previewRequired(_ version: String) -> TrackerError {
        TrackerError(
            status: 400,
            message: "The requested version \"\(version)\" of the resource is under preview. The -preview flag "
                + "must be supplied in the api-version for such requests. For example: \"\(version)-preview\"",
            typeKey: "VssInvalidPreviewVersionException", namespace: webAPINamespace, assembly: webAPIAssembly
        )
    }

    static func versionNotSpecified(method: String) -> TrackerError {
        TrackerError(
            status: 400,
            message: "No api-version was supplied for the \(method) request. Please specify an api-version, "
                + "for example api-version=5.0",
            typeKey: "VssVersionNotSpecifiedException", namespace: webAPINamespace, assembly: webAPIAssembly
        )
    }

    static func invalidVersion(_ text: String) -> TrackerError {
        TrackerError(
            status: 400, message: "The api-version '\(text)' is not valid. Use a version such as 5.0 or 5.1-preview.1",
            typeKey: "VssInvalidApiVersionException", namespace: webAPINamespace, assembly: webAPIAssembly
        )
    }

    static func routeNotFound(_ path: String) -> TrackerError {
        TrackerError(
            status: 404, message: "The resource cannot be found: \(path)",
            typeKey: "VssResourceNotFoundException", namespace: webAPINamespace, assembly: webAPIAssembly
        )
    }

    static func methodNotAllowed(_ method: String) -> TrackerError {
        TrackerError(
            status: 405, message: "The requested resource does not support http method '\(method)'.",
            typeKey: "HttpMethodNotAllowedException", namespace: webAPINamespace, assembly: webAPIAssembly
        )
    }

    static func unauthorized(collectionURL: String) -> TrackerError {
        var error = TrackerError(
            status: 401, message: "VS30063: You are not authorized to access \(collectionURL).",
            typeKey: "UnauthorizedRequestException", namespace: frameworkNamespace, assembly: frameworkAssembly
        )
        error.headers = [("WWW-Authenticate", "Basic realm=\"\(collectionURL)\"")]
        return error
    }

    static func expiredToken(collectionURL: String) -> TrackerError {
        var error = TrackerError(
            status: 401, message: "Access Denied: The Personal Access Token used has expired.",
            typeKey: "UnauthorizedRequestException", namespace: frameworkNamespace, assembly: frameworkAssembly
        )
        error.headers = [("WWW-Authenticate", "Basic realm=\"\(collectionURL)\"")]
        return error
    }

    /// The token is valid but lacks the scope the route needs.
    static func missingScope(user: Identity) -> TrackerError {
        TrackerError(
            status: 401, message: "TF400813: The user '\(user.id)' is not authorized to access this resource.",
            typeKey: "UnauthorizedRequestException", namespace: frameworkNamespace, assembly: frameworkAssembly
        )
    }

    static func throttled() -> TrackerError {
        TrackerError(
            status: 429,
            message: "TF400733: The request has been canceled: Request was blocked due to exceeding usage of "
                + "resource 'Core' in namespace 'User'.",
            typeKey: "RequestBlockedException", namespace: frameworkNamespace, assembly: frameworkAssembly
        )
    }

    static func serverFault(status: Int) -> TrackerError {
        TrackerError(
            status: status,
            message: status == 503
                ? "TF400898: The service is temporarily unavailable. Try again later."
                : "TF246018: The database operation exceeded the timeout limit and has been cancelled.",
            typeKey: status == 503 ? "ServiceUnavailableException" : "DatabaseOperationTimeoutException",
            namespace: frameworkNamespace, assembly: frameworkAssembly
        )
    }

    static func tooManyIDs(_ count: Int, limit: Int) -> TrackerError {
        TrackerError(
            status: 400,
            message: "VS402337: The number of work items requested (\(count)) exceeds the limit of \(limit).",
            typeKey: "WorkItemTrackingQueryResultSizeLimitExceededException", namespace: witNamespace,
            assembly: witAssembly, eventId: 3200
        )
    }

    static func invalidQuery(_ reason: String) -> TrackerError {
        TrackerError(
            status: 400, message: "TF51006: The query statement is not valid. \(reason)",
            typeKey: "WorkItemTrackingQueryException", namespace: witNamespace, assembly: witAssembly,
            eventId: 3200
        )
    }

    static func subscriptionNotFound(_ id: String) -> TrackerError {
        TrackerError(
            status: 404, message: "VS400011: Subscription \(id) was not found.",
            typeKey: "SubscriptionNotFoundException", namespace: "Microsoft.VisualStudio.Services.ServiceHooks.WebApi",
            assembly: "Microsoft.VisualStudio.Services.ServiceHooks.WebApi"
        )
    }

    static func invalidSubscription(_ reason: String) -> TrackerError {
        TrackerError(
            status: 400, message: "VS400007: The subscription is not valid: \(reason)",
            typeKey: "SubscriptionInputException", namespace: "Microsoft.VisualStudio.Services.ServiceHooks.WebApi",
            assembly: "Microsoft.VisualStudio.Services.ServiceHooks.WebApi"
        )
    }
}
