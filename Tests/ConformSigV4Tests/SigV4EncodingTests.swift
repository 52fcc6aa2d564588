import ConformSigV4
import Testing

@Suite("SigV4Encoding.percentEncode")
struct SigV4EncodingTests {
    static let unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

    @Test(
        "encodes all but unreserved characters",
        arguments: [
            ("", ""),
            (unreserved, unreserved),
            (" ", "%20"),
            ("/", "%2F"),
            ("%", "%25"),
            ("+=&", "%2B%3D%26"),
            ("$@:,;?#", "%24%40%3A%2C%3B%3F%23"),
            ("[]!'()*", "%5B%5D%21%27%28%29%2A"),
            ("\u{7F}\t\n", "%7F%09%0A"),
            ("é", "%C3%A9"),
            ("ሴ", "%E1%88%B4"),
            ("😀", "%F0%9F%98%80"),
        ])
    func encodes(text: String, expected: String) {
        #expect(SigV4Encoding.percentEncode(text) == expected)
    }

    @Test(
        "keeps slashes when asked",
        arguments: [
            ("/", "/"),
            ("/bucket/a b.txt", "/bucket/a%20b.txt"),
            ("//a/./b/../", "//a/./b/../"),
            ("/dir%2F", "/dir%252F"),
        ])
    func keepsSlash(text: String, expected: String) {
        #expect(SigV4Encoding.percentEncode(text, keepSlash: true) == expected)
    }
}
