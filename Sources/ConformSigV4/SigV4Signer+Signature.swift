internal import ConformCrypto
import Foundation

extension SigV4Signer {
    /// Builds the string to sign: the algorithm, the signing time, the credential scope and the
    /// hex SHA-256 of the canonical request, one per line.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        [
            Self.algorithm,
            SigV4Timestamp(date).dateTime,
            credentialScope(date: date),
            Digest.sha256(Array(canonicalRequest.utf8)).hexString,
        ].joined(separator: "\n")
    }

    /// Returns the credential scope, `YYYYMMDD/region/service/aws4_request` with the UTC date.
    public func credentialScope(date: Date) -> String {
        "\(SigV4Timestamp(date).dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// Derives the 32-byte signing key for the UTC day of `date`, region and service, by chaining
    /// HMAC-SHA256 from `"AWS4"` followed by the secret access key.
    public func signingKey(date: Date) -> [UInt8] {
        let secret = Array(("AWS4" + credentials.secretAccessKey).utf8)
        let dateKey = Digest.hmacSHA256(key: secret, message: Array(SigV4Timestamp(date).dateStamp.utf8))
        let regionKey = Digest.hmacSHA256(key: dateKey, message: Array(region.utf8))
        let serviceKey = Digest.hmacSHA256(key: regionKey, message: Array(service.utf8))
        return Digest.hmacSHA256(key: serviceKey, message: Array("aws4_request".utf8))
    }

    /// Computes the signature: the lowercase hex HMAC-SHA256 of `stringToSign` under
    /// ``signingKey(date:)``.
    public func signature(stringToSign: String, date: Date) -> String {
        Digest.hmacSHA256(key: signingKey(date: date), message: Array(stringToSign.utf8)).hexString
    }
}
