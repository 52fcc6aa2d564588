import ConformLanguage
import Testing

@Suite("DurationText")
struct DurationTextTests {
    @Test(
        "parses durations",
        arguments: [
            ("250ms", 0.25),
            ("0ms", 0),
            ("1s", 1),
            ("1.5s", 1.5),
            (".5s", 0.5),
            ("90s", 90),
            ("3m", 180),
            ("1h", 3600),
            ("0.5h", 1800),
            (" 2s ", 2),
        ])
    func parses(text: String, seconds: Double) {
        #expect(DurationText.seconds(text) == seconds)
    }

    @Test(
        "rejects non-durations",
        arguments: ["", "10", "s", "ms", "-1s", "+1s", "1 s", "1.5.2s", "1e3s", "1d", "1sec", "3 minutes", "1m30s", "٣s"])
    func rejects(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test(
        "formats durations",
        arguments: [
            (0, "0ms"),
            (0.0004, "0ms"),
            (0.85, "850ms"),
            (1, "1s"),
            (1.5, "1.5s"),
            (1.04, "1s"),
            (59.9, "59.9s"),
            (60, "1m"),
            (150, "2m30s"),
            (3600, "60m"),
        ])
    func formats(seconds: Double, text: String) {
        #expect(DurationText.format(seconds) == text)
    }
}

@Suite("Suggestion")
struct SuggestionTests {
    static let stepKeys = ["id", "after", "poll", "expect", "capture", "record", "always", "timeout", "http", "s3_list", "sleep"]

    @Test(
        "nearest name",
        arguments: [
            ("htpp", "http"),
            ("HTTP", "http"),
            ("expcet", "expect"),
            ("expects", "expect"),
            ("captures", "capture"),
            ("s3list", "s3_list"),
            ("slep", "sleep"),
            ("afer", "after"),
            ("timout", "timeout"),
        ])
    func nearest(name: String, expected: String) {
        #expect(Suggestion.nearest(to: name, in: Self.stepKeys) == expected)
    }

    @Test("no suggestion when far", arguments: ["url", "method", "x", "headers", "requests"])
    func far(name: String) {
        #expect(Suggestion.nearest(to: name, in: Self.stepKeys) == nil)
    }

    @Test("transposed letters count once")
    func transposition() {
        #expect(Suggestion.nearest(to: "stpes", in: ["report", "steps"]) == "steps")
        #expect(Suggestion.nearest(to: "mni", in: ["min", "max"]) == "min")
    }

    @Test("first of equal candidates")
    func ties() {
        #expect(Suggestion.nearest(to: "bat", in: ["cat", "bar"]) == "cat")
    }

    @Test("no candidates")
    func empty() {
        #expect(Suggestion.nearest(to: "http", in: [String]()) == nil)
    }
}
