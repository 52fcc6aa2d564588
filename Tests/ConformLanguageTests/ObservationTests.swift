import ConformLanguage
import Testing

@Suite("Observation")
struct ObservationTests {
    static let response = Observation(
        status: 200,
        headers: [
            (name: "Content-Type", value: "application/json"),
            (name: "X-Trace", value: "first"),
            (name: "x-trace", value: "second"),
        ],
        body: Array(#"{"status":"completed","job_id":"j-1","items":[{"id":7},{"id":8}]}"#.utf8))

    static let listing = Observation(keys: ["uploads/j-1/aa_smoke.png", "uploads/j-1/bb_smoke.png"])

    @Test(
        "HTTP response values",
        arguments: [
            ("status", "200"),
            ("json.status", #""completed""#),
            ("json.items[0].id", "7"),
            ("json.items[-1].id", "8"),
            ("json[\"job_id\"]", #""j-1""#),
            ("json", #"{"status":"completed","job_id":"j-1","items":[{"id":7},{"id":8}]}"#),
            ("header.content-type", #""application/json""#),
            ("header.CONTENT-TYPE", #""application/json""#),
            ("headers.X-Trace", #""second""#),
            ("body", #""{\"status\":\"completed\",\"job_id\":\"j-1\",\"items\":[{\"id\":7},{\"id\":8}]}""#),
        ])
    func httpValues(name: String, expected: String) {
        #expect(Self.response.value(named: name)?.compactJSON == expected)
    }

    @Test(
        "S3 listing values",
        arguments: [
            ("count", "2"),
            ("keys[0]", #""uploads/j-1/aa_smoke.png""#),
            ("keys[-1]", #""uploads/j-1/bb_smoke.png""#),
            ("keys", #"["uploads/j-1/aa_smoke.png","uploads/j-1/bb_smoke.png"]"#),
        ])
    func listingValues(name: String, expected: String) {
        #expect(Self.listing.value(named: name)?.compactJSON == expected)
    }

    @Test(
        "missing values are nil",
        arguments: [
            "json.missing", "json.items[2]", "status.code", "header.Retry-After", "header", "count", "keys",
            "job_id", "bodyx",
        ])
    func missingFromResponse(name: String) {
        #expect(Self.response.value(named: name) == nil)
    }

    @Test("HTTP names missing from a listing")
    func missingFromListing() {
        #expect(Self.listing.value(named: "status") == nil)
        #expect(Self.listing.value(named: "json") == nil)
        #expect(Self.listing.value(named: "body") == nil)
        #expect(Self.listing.value(named: "keys[2]") == nil)
        #expect(Self.listing.value(named: "key") == nil)
    }

    @Test("empty listing")
    func emptyListing() {
        let empty = Observation(keys: [])
        #expect(empty.value(named: "count") == .number("0"))
        #expect(empty.value(named: "keys[0]") == nil)
        #expect(empty.value(named: "keys") == .array([]))
    }

    @Test("count without keys")
    func countWithoutKeys() {
        let deliveries = Observation(count: 3)
        #expect(deliveries.value(named: "count") == .number("3"))
        #expect(deliveries.value(named: "keys") == nil)
    }

    @Test("body that is not JSON")
    func textBody() {
        let observation = Observation(status: 502, body: Array("Bad Gateway".utf8))
        #expect(observation.json == nil)
        #expect(observation.jsonError == "invalid JSON at byte 0: unexpected character")
        #expect(observation.value(named: "json") == nil)
        #expect(observation.value(named: "body") == .string("Bad Gateway"))
    }

    @Test("empty body is not parsed")
    func emptyBody() {
        let observation = Observation(status: 204, body: [])
        #expect(observation.jsonError == nil)
        #expect(observation.value(named: "body") == .string(""))
    }

    @Test("header lookup")
    func header() {
        #expect(Self.response.header("x-TRACE") == "second")
        #expect(Self.response.header("Location") == nil)
    }
}
