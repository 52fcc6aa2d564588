/// A JSON Schema (draft 2020-12) of the scenario language, for editors' completion and checks.
///
/// The key lists come from the loader itself, so a key the loader accepts is never missing here.
/// The schema describes shapes only; what needs the whole file (the step graph, variables) is
/// checked by `conform validate`.
public enum ScenarioSchema {
    public static var json: String { document.prettyJSON() }

    static var document: JSONValue {
        .object([
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://conform.dev/schema/scenario.json")),
            ("title", .string("conform scenario")),
            ("description", .string("One scenario per file: metadata, variables, connection settings and steps.")),
            ("type", .string("object")),
            ("required", .array([.string("steps")])),
            ("additionalProperties", .bool(false)),
            ("properties", object([
                ("report", describe(.object([("type", .string("string")), ("pattern", .string("^[A-Za-z0-9_-]+$"))]),
                                    "Report name: DEV_<report>_<YYYYMMDD>.md and the JUnit suite name.")),
                ("scope", describe(stringOrList, "Lines of the report's Scope section.")),
                ("tags", describe(stringOrList, "Tags, written to JUnit properties.")),
                ("timeout", describe(reference("duration"), "Bound on the whole scenario (default 5m).")),
                ("vars", describe(variables, "Variables: name: value, or name: {value, secret: true}.")),
                ("s3", describe(s3, "Where and how to reach S3.")),
                ("webhook", describe(webhook, "A webhook receiver conform starts; its URL is ${webhook_url}.")),
                ("steps", describe(.object([("type", .string("array")), ("minItems", .number("1")), ("items", reference("step"))]),
                                   "The steps, run in order unless 'after' says otherwise.")),
            ])),
            ("$defs", object(definitions)),
        ])
    }

    private static var definitions: [(String, JSONValue)] {
        [
            ("duration", .object([
                ("type", .string("string")), ("pattern", .string("^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ms|s|m|h)$")),
                ("description", .string("A number and a unit: 250ms, 1s, 1.5s, 3m, 1h.")),
            ])),
            ("template", .object([("type", .string("string")), ("description", .string("Text with ${name}, ${env.NAME} or ${env.NAME:-default}."))])),
            ("scalar", .object([("type", .array([.string("string"), .string("number"), .string("boolean"), .string("null")]))])),
            ("matcher", matcher),
            ("httpChecks", checks(["status": reference("matcher"), "headers": matcherMap, "json": jsonChecks, "body": reference("matcher")])),
            ("s3ListChecks", checks(["count": reference("matcher"), "keys": reference("matcher")])),
            ("s3HeadChecks", checks(objectChecks)),
            ("s3GetChecks", checks(objectChecks.merging(["body": reference("matcher"), "json": jsonChecks]) { $1 })),
            ("s3PutChecks", checks(["etag": reference("matcher")])),
            ("webhookChecks", checks(["headers": matcherMap, "json": jsonChecks, "body": reference("matcher"), "count": reference("matcher")])),
            ("poll", poll),
            ("step", step),
        ]
    }

    private static var stringOrList: JSONValue {
        .object([("anyOf", .array([.object([("type", .string("string"))]), .object([("type", .string("array")), ("items", .object([("type", .string("string"))]))])]))])
    }

    private static var variables: JSONValue {
        .object([
            ("type", .string("object")),
            ("additionalProperties", .object([("anyOf", .array([
                reference("scalar"),
                closedObject(["value": reference("scalar"), "secret": .object([("type", .string("boolean"))])], required: ["value"]),
            ]))])),
        ])
    }

    private static var s3: JSONValue {
        closedObject(
            [
                "endpoint": reference("template"), "region": reference("template"), "access_key": reference("template"),
                "secret_key": reference("template"), "session_token": reference("template"),
                "addressing": .object([("enum", .array([.string("path"), .string("virtual")]))]),
            ], required: ["endpoint", "access_key", "secret_key"])
    }

    private static var webhook: JSONValue {
        closedObject([
            "bind": .object([("type", .string("string"))]), "host": .object([("type", .string("string"))]),
            "port": integer(0, 65535), "status": integer(100, 599), "max_body": integer(0, 1 << 30),
            "headers": .object([("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))]))]),
        ])
    }

    private static var matcher: JSONValue {
        var keys: [String: JSONValue] = [:]
        for key in ScenarioBuilder.matcherKeys {
            switch key {
            case "in": keys[key] = .object([("type", .string("array"))])
            case "exists", "absent": keys[key] = .object([("type", .string("boolean"))])
            case "min", "max": keys[key] = .object([("type", .string("number"))])
            case "type": keys[key] = .object([("enum", .array(Matcher.typeNames.map { .string($0) }))])
            case "matches", "glob", "contains": keys[key] = reference("template")
            default: keys[key] = .object([])
            }
        }
        return .object([
            ("description", .string("A value (equality), a list (deep equality) or a mapping of matchers that must all hold.")),
            ("anyOf", .array([
                reference("scalar"), .object([("type", .string("array"))]),
                .object([("type", .string("object")), ("properties", object(keys.sorted { $0.key < $1.key }))]),
            ])),
        ])
    }

    private static var matcherMap: JSONValue {
        .object([("type", .string("object")), ("additionalProperties", reference("matcher"))])
    }

    private static var jsonChecks: JSONValue {
        .object([("description", .string("JSON paths (a.b[0]) mapped to matchers; nested mappings join into paths.")), ("anyOf", .array([matcherMap, reference("matcher")]))])
    }

    private static func checks(_ subjects: [String: JSONValue]) -> JSONValue {
        closedObject(subjects)
    }

    /// The subjects of an S3 object step, from the loader's own list.
    private static var objectChecks: [String: JSONValue] {
        var subjects: [String: JSONValue] = [:]
        for subject in ScenarioBuilder.s3ObjectSubjects {
            subjects[subject] = subject == "metadata" ? matcherMap : reference("matcher")
        }
        return subjects
    }

    private static var s3Object: JSONValue {
        closedObject(["bucket": reference("template"), "key": reference("template")], required: ["bucket", "key"])
    }

    private static var s3Put: JSONValue {
        closedObject(
            [
                "bucket": reference("template"), "key": reference("template"), "body": reference("template"),
                "file": reference("template"), "content_type": reference("template"),
                "metadata": .object([("type", .string("object")), ("additionalProperties", reference("template"))]),
            ], required: ["bucket", "key"])
    }

    private static var poll: JSONValue {
        closedObject([
            "every": reference("duration"), "within": reference("duration"), "during": reference("duration"),
            "backoff": .object([("anyOf", .array([.object([("type", .string("number")), ("minimum", .number("1"))]),
                                                 closedObject(["factor": .object([("type", .string("number")), ("minimum", .number("1"))]), "max": reference("duration")])]))]),
            "until": .object([("type", .string("object"))]), "fail_if": .object([("type", .string("object"))]),
            "stop_when": .object([("type", .string("string"))]),
        ])
    }

    private static var http: JSONValue {
        var properties: [String: JSONValue] = [:]
        for method in ScenarioBuilder.httpMethods { properties[method] = reference("template") }
        properties["method"] = .object([("type", .string("string"))])
        properties["url"] = reference("template")
        properties["headers"] = .object([("type", .string("object")), ("additionalProperties", reference("template"))])
        properties["query"] = .object([("type", .string("object")), ("additionalProperties", reference("scalar"))])
        properties["json"] = .object([])
        properties["body"] = reference("template")
        properties["file"] = reference("template")
        properties["content_type"] = reference("template")
        properties["multipart"] = .object([
            ("type", .string("object")),
            ("additionalProperties", .object([("anyOf", .array([
                reference("scalar"),
                closedObject(["path": reference("template"), "content_type": reference("template"), "filename": reference("template")], required: ["path"]),
            ]))])),
        ])
        properties["follow_redirects"] = .object([("type", .string("boolean"))])
        properties["ca_bundle"] = reference("template")
        properties["insecure"] = .object([("type", .string("boolean"))])
        properties["connect_timeout"] = reference("duration")
        properties["timeout"] = reference("duration")
        return closedObject(properties)
    }

    private static var webhookStep: JSONValue {
        closedObject([
            "path": reference("template"), "method": .object([("type", .string("string"))]),
            "match": reference("webhookChecks"), "count": reference("matcher"), "within": reference("duration"),
            "settle": reference("duration"),
            "signature": closedObject(
                [
                    "header": .object([("type", .string("string"))]), "separator": .object([("type", .string("string"))]),
                    "timestamp_key": .object([("type", .string("string"))]), "signature_key": .object([("type", .string("string"))]),
                    "message": reference("template"), "secret": reference("template"),
                    "encoding": .object([("enum", .array(SignatureSpec.Encoding.allCases.map { .string($0.rawValue) }))]),
                    "max_skew": reference("duration"),
                ], required: ["header", "message", "secret"]),
        ], required: ["within"])
    }

    /// One schema per step kind: the common keys plus exactly that kind's action and checks.
    private static var step: JSONValue {
        let kinds: [(String, JSONValue, String)] = [
            ("http", http, "httpChecks"),
            ("s3_list", closedObject(["bucket": reference("template"), "prefix": reference("template")], required: ["bucket"]), "s3ListChecks"),
            ("s3_head", s3Object, "s3HeadChecks"),
            ("s3_get", s3Object, "s3GetChecks"),
            ("s3_put", s3Put, "s3PutChecks"),
            ("s3_delete", s3Object, ""),
            ("sleep", reference("duration"), ""),
            ("webhook", webhookStep, "webhookChecks"),
        ]
        let variants: [JSONValue] = kinds.map { kind, action, checks in
            var properties: [String: JSONValue] = [
                "id": .object([("type", .string("string")), ("minLength", .number("1"))]),
                "after": stringOrList,
                "capture": .object([("type", .string("object"))]),
                "record": .object([("type", .string("object")), ("additionalProperties", reference("template"))]),
                "always": .object([("type", .string("boolean"))]),
                "timeout": reference("duration"),
                kind: action,
            ]
            if !checks.isEmpty {
                properties["expect"] = reference(checks)
                properties["poll"] = reference("poll")
            }
            return closedObject(properties, required: [kind])
        }
        return .object([("description", .string("A step: an id and exactly one action.")), ("oneOf", .array(variants))])
    }

    // MARK: - Building blocks

    private static func reference(_ name: String) -> JSONValue {
        .object([("$ref", .string("#/$defs/\(name)"))])
    }

    private static func describe(_ schema: JSONValue, _ text: String) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        members.append(("description", .string(text)))
        return .object(members)
    }

    private static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members)
    }

    private static func closedObject(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", .string("object")), ("additionalProperties", .bool(false)),
            ("properties", .object(properties.sorted { $0.key < $1.key })),
        ]
        if !required.isEmpty { members.append(("required", .array(required.map { .string($0) }))) }
        return .object(members)
    }

    private static func integer(_ minimum: Int, _ maximum: Int) -> JSONValue {
        .object([("type", .string("integer")), ("minimum", .number(String(minimum))), ("maximum", .number(String(maximum)))])
    }
}

extension JSONValue {
    /// The value as indented JSON, two spaces per level, for files people read.
    public func prettyJSON(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + $0.prettyJSON(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members) where !members.isEmpty:
            let lines = members.map { inner + JSONValue.quote($0.0) + ": " + $0.1.prettyJSON(indent: inner) }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return compactJSON
        }
    }
}
