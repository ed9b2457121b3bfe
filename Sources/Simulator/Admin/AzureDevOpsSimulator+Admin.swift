import HTTP
import JSON

/// The admin API under `/_admin/`: read what the simulator holds, change work items as a person in the web
/// UI would, steer faults and deliveries. No authentication, no faults, not counted. Documented in README.md.
extension AzureDevOpsSimulator {
    func respondToAdmin(_ request: HTTPServerRequest, _ responder: HTTPServerResponder) {
        let reply: (status: Int, body: JSONValue)
        do {
            reply = (200, try admin(request.method, Array(request.pathSegments.dropFirst()), request))
        } catch let error as AdminError {
            reply = (error.status, ["error": .string(error.message)])
        } catch let error as TrackerError {
            reply = (error.status, error.envelope)
        } catch {
            reply = (500, ["error": .string("\(error)")])
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        let body = JSONWriter.bytes(reply.body)
        responder.respond(HTTPServerResponse(status: reply.status, headers: headers, body: body))
    }

    private func admin(_ method: String, _ path: [String], _ request: HTTPServerRequest) throws -> JSONValue {
        switch (method, path) {
        case ("GET", ["workitems"]):
            let items = collection.workItems.values.sorted { $0.id < $1.id }
            let values = items.map { adminJSON($0, history: false) }
            return ["count": .number(JSONNumber(items.count)), "value": .array(values)]
        case ("GET", let p) where p.count == 2 && p[0] == "workitems":
            return adminJSON(try adminWorkItem(p[1]), history: true)
        case ("POST", let p) where p.count == 3 && p[0] == "workitems":
            return try changeWorkItem(try workItemID(p[1]), action: p[2], body: try adminBody(request))
        case ("GET", ["deliveries"]):
            let includePayload = request.queryValue("payload") != "false"
            return ["value": .array(hooks.notifications.map { $0.json(includePayload: includePayload) })]
        case ("GET", ["counters"]):
            return counters.json(now: loop.nowMilliseconds)
        case ("GET", ["faults"]):
            return faults.json
        case ("POST", ["faults"]):
            try faults.configure(try adminBody(request))
            return faults.json
        case ("POST", ["faults", "release"]):
            return ["released": .number(JSONNumber(releaseHeldReplies()))]
        case ("GET", ["hooks", "subscriptions"]):
            return ["value": .array(hooks.subscriptions.map { $0.json(collectionURL: collectionURL,
                                                                        createdBy: collection.tokenOwner) })]
        case ("POST", ["hooks", "subscriptions"]):
            let body = try JSONParser.parse(request.body)
            let subscription = try HookSubscription.parse(body, id: UUIDText.random())
            hooks.add(subscription)
            return subscription.json(collectionURL: collectionURL, createdBy: collection.tokenOwner)
        case ("POST", let p) where p.count == 4 && p[0...1] == ["hooks", "subscriptions"] && p[3] == "probation":
            let onProbation = try adminBody(request)["onProbation"]?.boolValue ?? true
            guard hooks.setProbation(p[2], onProbation: onProbation) else {
                throw AdminError("no subscription \(p[2])", status: 404)
            }
            return ["id": .string(p[2]), "onProbation": .bool(onProbation)]
        case ("GET", ["hooks", "behaviour"]):
            return hooks.behaviour.json
        case ("POST", ["hooks", "behaviour"]):
            try hooks.behaviour.configure(try adminBody(request))
            return hooks.behaviour.json
        case ("POST", ["hooks", "release"]):
            return ["released": .number(JSONNumber(hooks.releaseHeld()))]
        case ("POST", ["pats"]):
            return try addAccessToken(try adminBody(request))
        case ("POST", ["reset"]):
            let everything = try adminBody(request)["everything"]?.boolValue ?? false
            reset(everything: everything)
            return ["reset": .bool(true), "everything": .bool(everything)]
        default:
            throw AdminError("no admin route \(method) /_admin/\(path.joined(separator: "/")); "
                + "see Sources/Simulator/README.md", status: 404)
        }
    }

    private func adminBody(_ request: HTTPServerRequest) throws -> JSONObject {
        guard !request.body.isEmpty else { return [:] }
        guard let object = (try? JSONParser.parse(request.body))?.objectValue else {
            throw AdminError("the body must be a JSON object")
        }
        return object
    }

    private func workItemID(_ text: String) throws -> Int {
        guard let id = Int(text) else { throw AdminError("\(text) is not a work item id") }
        return id
    }

    private func adminWorkItem(_ text: String) throws -> WorkItem {
        let id = try workItemID(text)
        guard let item = collection.workItems[id] else { throw AdminError("no work item \(id)", status: 404) }
        return item
    }

    /// `state` (`{state, by?, comment?}`), `delete` or `restore`.
    private func changeWorkItem(_ id: Int, action: String, body: JSONObject) throws -> JSONValue {
        let item: WorkItem
        switch action {
        case "state":
            guard let state = body["state"]?.stringValue else { throw AdminError("give the new \"state\"") }
            let byName = body["by"]?.stringValue ?? collection.members[1].uniqueName
            guard let author = collection.member(matching: byName) else {
                throw AdminError("\(byName) is not a member; use one of "
                    + collection.members.map(\.uniqueName).joined(separator: ", "))
            }
            item = try collection.setState(id: id, state: state, by: author, comment: body["comment"]?.stringValue)
        case "delete":
            item = try collection.delete(id: id)
        case "restore":
            item = try collection.restore(id: id)
        default:
            throw AdminError("unknown work item action \(action): use state, delete or restore", status: 404)
        }
        return adminJSON(item, history: false)
    }

    private func adminJSON(_ item: WorkItem, history: Bool) -> JSONValue {
        let rendering = TrackerRendering(collectionURL: collectionURL, collection: collection,
                                         identitiesAsObjects: false)
        guard case .object(var object) = rendering.workItem(item) else { return .null }
        object["project"] = .string(item.project.name)
        object["type"] = .string(item.type.name)
        object["state"] = .string(item.state)
        object["tags"] = .array(item.tags.map { .string($0) })
        object["isDeleted"] = .bool(item.isDeleted)
        if history {
            object["revisions"] = .array(item.revisions.map { rendering.workItem(item, revision: $0) })
        }
        return .object(object)
    }

    /// `{token, scopes?: [..], expired?: bool}` adds a token or replaces the one with that text.
    private func addAccessToken(_ body: JSONObject) throws -> JSONValue {
        guard let token = body["token"]?.stringValue, !token.isEmpty else { throw AdminError("give the \"token\"") }
        let scopes = body["scopes"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
        let entry = SimulatorConfiguration.AccessToken(token: token, scopes: scopes,
                                                       isExpired: body["expired"]?.boolValue ?? false)
        collection.accessTokens.removeAll { $0.token == token }
        collection.accessTokens.append(entry)
        return ["tokens": .number(JSONNumber(collection.accessTokens.count))]
    }

    private func reset(everything: Bool) {
        faults.reset()
        counters.reset()
        _ = releaseHeldReplies()
        hooks.reset(subscriptionsToo: everything)
        if everything {
            collection.removeAllWorkItems()
            collection.accessTokens = configuration.accessTokens
        }
    }
}
