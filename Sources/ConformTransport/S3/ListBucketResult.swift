import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One page of a ListObjectsV2 response.
struct ListBucketResult {
    var objects: [S3Client.Object] = []
    var isTruncated = false
    var nextContinuationToken: String?
    var encodingType: String?

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses the XML; keys are URL-decoded only when the response sets `EncodingType` to `url`.
    static func parse(_ body: [UInt8]) throws -> ListBucketResult {
        let collector = ElementCollector(paths: [
            "ListBucketResult/Contents/Key", "ListBucketResult/Contents/Size", "ListBucketResult/IsTruncated",
            "ListBucketResult/NextContinuationToken", "ListBucketResult/EncodingType",
        ])
        try collector.parse(body)

        var result = ListBucketResult()
        result.encodingType = collector.values["ListBucketResult/EncodingType"]?.first
        result.isTruncated = collector.values["ListBucketResult/IsTruncated"]?.first == "true"
        result.nextContinuationToken = collector.values["ListBucketResult/NextContinuationToken"]?.first

        let keys = collector.values["ListBucketResult/Contents/Key"] ?? []
        let sizes = collector.values["ListBucketResult/Contents/Size"] ?? []
        for (index, rawKey) in keys.enumerated() {
            var key = rawKey
            if result.encodingType == "url" {
                // S3 encodes spaces as '+' in url-encoded listings.
                guard let decoded = rawKey.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw ParseError(description: "key '\(rawKey)' is not valid URL encoding")
                }
                key = decoded
            }
            let size = index < sizes.count ? Int(sizes[index]) ?? 0 : 0
            result.objects.append(S3Client.Object(key: key, size: size))
        }
        return result
    }
}

/// The fields of an S3 `<Error>` document.
struct S3ErrorDocument {
    var code: String
    var message: String
    var requestID: String?

    static func parse(_ body: [UInt8]) -> S3ErrorDocument? {
        let collector = ElementCollector(paths: ["Error/Code", "Error/Message", "Error/RequestId", "ErrorResponse/Error/Code", "ErrorResponse/Error/Message", "ErrorResponse/RequestId"])
        guard (try? collector.parse(body)) != nil else { return nil }
        let code = collector.values["Error/Code"]?.first ?? collector.values["ErrorResponse/Error/Code"]?.first
        guard let code else { return nil }
        let message = collector.values["Error/Message"]?.first ?? collector.values["ErrorResponse/Error/Message"]?.first ?? ""
        let requestID = collector.values["Error/RequestId"]?.first ?? collector.values["ErrorResponse/RequestId"]?.first
        return S3ErrorDocument(code: code, message: message, requestID: requestID)
    }
}

/// Collects the text of elements at given paths; namespaces are ignored by matching local names.
final class ElementCollector: NSObject, XMLParserDelegate {
    private let paths: Set<String>
    private var stack: [String] = []
    private var text = ""
    private(set) var values: [String: [String]] = [:]
    private var failure: Error?

    init(paths: Set<String>) {
        self.paths = paths
    }

    func parse(_ body: [UInt8]) throws {
        let parser = XMLParser(data: Data(body))
        parser.delegate = self
        parser.shouldProcessNamespaces = true
        guard parser.parse() else {
            throw ListBucketResult.ParseError(description: parser.parserError.map { "\($0)" } ?? "unreadable XML")
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        stack.append(elementName)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        let path = stack.joined(separator: "/")
        if paths.contains(path) { values[path, default: []].append(text) }
        stack.removeLast()
        text = ""
    }
}
