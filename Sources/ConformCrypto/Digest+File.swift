internal import CCrypto
import Foundation

extension Digest {
    /// A file that could not be opened or read while hashing it.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public var path: String

        public var description: String { "cannot read file '\(path)'" }
    }

    /// Returns the SHA-256 digest of the file at `path` (32 bytes), reading it in 1 MiB chunks so a
    /// large file is never held in memory whole.
    public static func sha256(contentsOfFile path: String) throws(FileError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path), let context = EVP_MD_CTX_new() else {
            throw FileError(path: path)
        }
        defer {
            EVP_MD_CTX_free(context)
            try? handle.close()
        }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        while true {
            let chunk: Data
            do {
                guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else { break }
                chunk = data
            } catch {
                throw FileError(path: path)
            }
            chunk.withUnsafeBytes { buffer in
                _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
            }
        }
        var output = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        output.withUnsafeMutableBufferPointer { out in
            _ = EVP_DigestFinal_ex(context, out.baseAddress, &length)
        }
        return output
    }
}
