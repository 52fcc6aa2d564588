internal import CCurl
import Foundation

/// Builds a libcurl MIME body; file parts are read from disk while sending, never loaded whole.
enum MultipartBuilder {
    enum Outcome {
        case success(OpaquePointer)
        case failure(String)
    }

    static func build(_ parts: [HTTPRequest.MultipartPart], on handle: UnsafeMutableRawPointer) -> Outcome {
        guard let mime = curl_mime_init(handle) else { return .failure("curl_mime_init failed") }
        for part in parts {
            guard let field = curl_mime_addpart(mime) else {
                curl_mime_free(mime)
                return .failure("curl_mime_addpart failed")
            }
            curl_mime_name(field, part.name)
            switch part.content {
            case .text(let text):
                curl_mime_data(field, text, text.utf8.count)
            case .file(let path, let filename, let contentType):
                guard FileManager.default.isReadableFile(atPath: path) else {
                    curl_mime_free(mime)
                    return .failure("cannot read multipart file '\(path)' for field '\(part.name)'")
                }
                curl_mime_filedata(field, path)
                let name = filename ?? URL(fileURLWithPath: path).lastPathComponent
                curl_mime_filename(field, name)
                curl_mime_type(field, contentType ?? MediaType.guess(forPath: name))
            }
        }
        return .success(mime)
    }
}

/// Media types guessed from file extensions, for parts written without a content type.
enum MediaType {
    static func guess(forPath path: String) -> String {
        let types = [
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
            "svg": "image/svg+xml", "pdf": "application/pdf", "json": "application/json", "txt": "text/plain",
            "csv": "text/csv", "xml": "application/xml", "zip": "application/zip", "dxf": "image/vnd.dxf",
        ]
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return types[ext] ?? "application/octet-stream"
    }
}

/// URL text helpers.
public enum URLText {
    /// Removes `user:password@` from a URL so it can appear in messages.
    public static func redactingUserInfo(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "***@" + String(rest[rest.index(after: at)...])
    }
}
