import Crypto
import Foundation
import PalisadeCore

/// Makes API tokens and the digests they are stored and looked up by.
public enum TokenIssuer {
    /// Every token starts with this, so that secret scanners and people can recognise one.
    public static let prefix = "pal_"

    /// A new token for `administrator`: the text to hand out once, and the record to store.
    public static func issue(for administrator: UUID, label: String, at date: Date, expiresAt: Date? = nil) -> (text: String, token: APIToken) {
        let text = prefix + Base64URL.random(bytes: 32)
        let token = APIToken(administratorID: administrator, label: label, digest: digest(of: text), createdAt: date, expiresAt: expiresAt)
        return (text, token)
    }

    /// Lower-case hex SHA-256 of the token text. Tokens carry 256 random bits, so a fast hash is enough: there is
    /// nothing to guess.
    public static func digest(of text: String) -> String {
        Hex.encode(SHA256.hash(data: Data(text.utf8)))
    }
}
