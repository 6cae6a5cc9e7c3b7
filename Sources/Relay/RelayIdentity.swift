import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The key pair one end of the relay link proves itself with, and the self-signed certificate that carries it in
/// the TLS handshake.
///
/// Only the key is kept (a PKCS#8 PEM file, mode 0600); the certificate is made afresh at each start, because peers
/// pin the key, not the certificate. A P-256 key: small, fast to verify, and understood by every TLS stack.
public struct RelayIdentity: Sendable {
    public let privateKey: P256.Signing.PrivateKey
    public let certificate: Certificate

    public init(privateKey: P256.Signing.PrivateKey = P256.Signing.PrivateKey(), commonName: String = "palisade relay", now: Date = Date()) throws {
        self.privateKey = privateKey
        let key = Certificate.PrivateKey(privateKey)
        let name = try DistinguishedName { CommonName(commonName) }
        certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { Critical(BasicConstraints.notCertificateAuthority) },
            issuerPrivateKey: key
        )
    }

    /// What the peer pins: printed by `palisade relay identity`, put in the other side's configuration.
    public var pin: RelayKeyPin { RelayKeyPin(subjectPublicKeyInfo: Array(privateKey.publicKey.derRepresentation)) }

    /// Reads the key from `path`; refuses a missing file or a file others can read.
    public static func load(path: String) throws(RelayError) -> RelayIdentity {
        let attributes: [FileAttributeKey: Any]
        let pem: String
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
            pem = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .identity("cannot read \(path); make it with `palisade relay identity \(path)`")
        }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
            throw .identity("\(path) is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        do {
            return try RelayIdentity(privateKey: P256.Signing.PrivateKey(pemRepresentation: pem))
        } catch {
            throw .identity("\(path) holds no P-256 private key in PEM")
        }
    }

    /// Loads the key at `path`, making it (mode 0600) if there is none yet.
    public static func loadOrCreate(path: String) throws(RelayError) -> RelayIdentity {
        guard !FileManager.default.fileExists(atPath: path) else { return try load(path: path) }
        let key = P256.Signing.PrivateKey()
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
            guard FileManager.default.createFile(atPath: path, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw RelayError.identity("cannot write \(path)")
            }
            return try RelayIdentity(privateKey: key)
        } catch let error as RelayError {
            throw error
        } catch {
            throw .identity("cannot write \(path): \(error)")
        }
    }

    var sslCertificate: NIOSSLCertificate {
        get throws { try NIOSSLCertificate(bytes: Array(certificate.serializeAsPEM().pemString.utf8), format: .pem) }
    }

    var sslPrivateKey: NIOSSLPrivateKey {
        get throws { try NIOSSLPrivateKey(bytes: Array(privateKey.pemRepresentation.utf8), format: .pem) }
    }
}
