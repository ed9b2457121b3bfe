import JSON

extension TrackerService {
    /// `GET {project}/_apis/wit/workitemtypes`.
    func workItemTypes(_ projectName: String, _ request: TrackerRequest) throws -> TrackerReply {
        let project = try requireProject(projectName)
        let types = collection.process.workItemTypes.map { typeJSON($0, project: project, version: request.version) }
        return .json(TrackerRendering.list(types))
    }

    /// `GET {project}/_apis/wit/workitemtypes/{type}`.
    func workItemType(_ projectName: String, _ typeName: String, _ request: TrackerRequest) throws -> TrackerReply {
        let project = try requireProject(projectName)
        let type = try requireType(typeName, project: project)
        return .json(typeJSON(type, project: project, version: request.version))
    }

    /// `GET {project}/_apis/wit/workitemtypes/{type}/states` (5.0 and newer).
    func workItemTypeStates(
        _ projectName: String, _ typeName: String, _ request: TrackerRequest
    ) throws -> TrackerReply {
        guard request.version.isAtLeast(5) else {
            throw TrackerError.routeNotFound("\(projectName)/_apis/wit/workitemtypes/\(typeName)/states")
        }
        let project = try requireProject(projectName)
        let type = try requireType(typeName, project: project)
        return .json(TrackerRendering.list(type.states.map(stateJSON)))
    }

    func requireType(_ name: String, project: Project) throws -> WorkItemTypeDefinition {
        guard let type = collection.process.workItemType(named: name) else {
            throw TrackerError.workItemTypeNotFound(name, project: project.name)
        }
        return type
    }

    /// `{name, referenceName, description, color, fieldInstances, fields (4.0+), transitions, states (5.0+)}`.
    private func typeJSON(_ type: WorkItemTypeDefinition, project: Project, version: APIVersion) -> JSONValue {
        let base = "\(collectionURL)/\(project.id)/_apis/wit"
        let instances: [JSONValue] = type.fields.map { field in
            var object: JSONObject = [
                "referenceName": .string(field.referenceName),
                "name": .string(field.name),
                "url": .string("\(collectionURL)/_apis/wit/fields/\(field.referenceName)"),
            ]
            if version.isAtLeast(4) {
                object["alwaysRequired"] = .bool(field.alwaysRequired)
                object["allowedValues"] = .array(field.allowedValues.map { .string($0) })
                object["defaultValue"] = .null
            }
            return .object(object)
        }

        var object: JSONObject = [
            "name": .string(type.name),
            "referenceName": .string(type.referenceName),
            "description": .string("Tracks a \(type.name.lowercased()) in the \(collection.process.rawValue) process."),
            "color": "CC293D",
            "icon": ["id": "icon_clipboard", "url": .string("\(collectionURL)/_apis/wit/workItemIcons/icon_clipboard")],
            "isDisabled": false,
            "fieldInstances": .array(instances),
        ]
        if version.isAtLeast(4) { object["fields"] = .array(instances) }
        object["transitions"] = transitions(type)
        if version.isAtLeast(5) { object["states"] = .array(type.states.map(stateJSON)) }
        object["url"] = .string("\(base)/workItemTypes/\(URLPath.encode(type.name))")
        return .object(object)
    }

    /// Any state may move to any other; the empty state leads to the initial one.
    private func transitions(_ type: WorkItemTypeDefinition) -> JSONValue {
        var object = JSONObject()
        object.append(key: "", value: [["to": .string(type.initialState.name), "actions": nil]])
        for state in type.states {
            let targets: [JSONValue] = type.states.filter { $0.name != state.name }.map {
                ["to": .string($0.name), "actions": nil]
            }
            object.append(key: state.name, value: .array(targets))
        }
        return .object(object)
    }

    private func stateJSON(_ state: WorkItemStateDefinition) -> JSONValue {
        ["name": .string(state.name), "color": .string(state.color), "category": .string(state.category.rawValue)]
    }
}
