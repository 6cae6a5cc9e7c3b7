import Crypto
import Foundation
import NIOSSL
import X509

/// An MDM push certificate from Apple's Push Certificates Portal together with its private key: the
/// identity `APNsSender` presents to APNs and the source of the APNs topic.
///
/// Refuses (with `PushCertificateError`) a certificate without a `com.apple.mgmt.` UID topic, a key that is
/// not the certificate's, an encrypted key, and a certificate outside its validity period, unless
/// `allowExpired` is set, which exists so an administrator can inspect a lapsed certificate.
public struct PushCertificate: Sendable, CustomStringConvertible {
    /// The leaf certificate.
    public let certificate: Certificate
    /// Any further certificates found after the leaf in the certificate PEM, sent along in the handshake.
    public let intermediates: [Certificate]
    /// The APNs topic: the subject's UID, such as `com.apple.mgmt.External.<uuid>`.
    public let topic: String
    /// The subject in RFC 4514 order with the UID labelled `UID`.
    public let subject: String
    /// SHA-256 of the certificate's DER, lower-case hex.
    public let sha256Fingerprint: String

    public var notValidBefore: Date { certificate.notValidBefore }
    public var notValidAfter: Date { certificate.notValidAfter }

    /// The same identity in the form TLS takes; built at load time so a key TLS cannot use fails here.
    let tlsCertificateChain: [NIOSSLCertificate]
    let tlsPrivateKey: NIOSSLPrivateKey

    /// The subject attribute type that carries the APNs topic: userid, 0.9.2342.19200300.100.1.1 (RFC 4519).
    /// Taken from a built attribute so this module need not import SwiftASN1 to name the OID type.
    static let topicOID = RelativeDistinguishedName.Attribute(type: [0, 9, 2342, 19_200_300, 100, 1, 1], utf8String: "").type
    static let mdmTopicPrefix = "com.apple.mgmt."

    /// Loads from PEM text. The certificate text may hold intermediates after the leaf; the key may be
    /// PKCS#8, PKCS#1 RSA or SEC1 EC, and may share a file with the certificate.
    public init(certificatePEM: String, privateKeyPEM: String, at now: Date = Date(), allowExpired: Bool = false) throws(PushCertificateError) {
        let certificateBlocks = PEMBlock.blocks(in: certificatePEM).filter { $0.label == "CERTIFICATE" }
        guard let leafBlock = certificateBlocks.first else { throw .noCertificate }
        let parsed: [Certificate]
        do {
            parsed = try certificateBlocks.map { try Certificate(derEncoded: $0.der) }
        } catch {
            throw .certificateUnparseable(String(describing: error))
        }
        let leaf = parsed[0]

        let keyBlocks = PEMBlock.blocks(in: privateKeyPEM).filter { $0.label.hasSuffix("PRIVATE KEY") }
        guard let keyBlock = keyBlocks.first else { throw .noPrivateKey }
        if keyBlock.label == "ENCRYPTED PRIVATE KEY" || keyBlock.hasHeaders { throw .privateKeyEncrypted }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: keyBlock.text)
        } catch {
            throw .privateKeyUnparseable(String(describing: error))
        }
        guard key.publicKey == leaf.publicKey else { throw .keyDoesNotMatchCertificate }

        guard let topic = Self.topic(of: leaf.subject) else { throw .missingTopic }
        guard topic.hasPrefix(Self.mdmTopicPrefix) else { throw .notAnMDMTopic(topic) }

        if !allowExpired {
            guard now <= leaf.notValidAfter else { throw .expired(notValidAfter: leaf.notValidAfter) }
            guard now >= leaf.notValidBefore else { throw .notYetValid(notValidBefore: leaf.notValidBefore) }
        }

        do {
            tlsCertificateChain = try certificateBlocks.map { try NIOSSLCertificate(bytes: $0.der, format: .der) }
        } catch {
            throw .certificateUnparseable(String(describing: error))
        }
        do {
            tlsPrivateKey = try NIOSSLPrivateKey(bytes: Array(keyBlock.text.utf8), format: .pem)
        } catch {
            throw .privateKeyUnparseable(String(describing: error))
        }

        self.certificate = leaf
        self.intermediates = Array(parsed.dropFirst())
        self.topic = topic
        self.subject = Self.text(of: leaf.subject)
        self.sha256Fingerprint = SHA256.hash(data: leafBlock.der).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }

    /// Loads from files; `privateKeyFile` may be the same file as `certificateFile`.
    public init(certificateFile: String, privateKeyFile: String, at now: Date = Date(), allowExpired: Bool = false) throws(PushCertificateError) {
        let certificateText = try Self.read(certificateFile)
        let keyText = privateKeyFile == certificateFile ? certificateText : try Self.read(privateKeyFile)
        try self.init(certificatePEM: certificateText, privateKeyPEM: keyText, at: now, allowExpired: allowExpired)
    }

    /// True when `now` is past `notValidAfter`.
    public func isExpired(at now: Date) -> Bool {
        now > notValidAfter
    }

    /// A sentence for the administrator when the certificate has lapsed or lapses within `window`, else `nil`.
    ///
    /// The advice about the Apple ID is the point: a certificate renewed under another Apple ID gets a new
    /// topic, and devices only accept pushes on the topic they enrolled with.
    public func expiryWarning(at now: Date, within window: Duration = .seconds(30 * 86_400)) -> String? {
        let remaining = notValidAfter.timeIntervalSince(now)
        let advice = "renew it at Apple's Push Certificates Portal with the SAME Apple ID, or every device must re-enrol"
        if remaining < 0 {
            let days = Int((-remaining / 86_400).rounded(.down))
            let ago = days == 0 ? "less than a day ago" : days == 1 ? "1 day ago" : "\(days) days ago"
            return "MDM push certificate for \(topic) expired \(ago) and devices can no longer be woken — \(advice)"
        }
        guard remaining <= Double(window.components.seconds) else { return nil }
        let days = Int((remaining / 86_400).rounded(.down))
        let when = days == 0 ? "in less than a day" : days == 1 ? "in 1 day" : "in \(days) days"
        return "MDM push certificate for \(topic) expires \(when) — \(advice)"
    }

    /// Identifies the certificate without exposing its key.
    public var description: String {
        "PushCertificate(topic: \(topic), notValidAfter: \(notValidAfter), sha256: \(sha256Fingerprint))"
    }

    static func topic(of name: DistinguishedName) -> String? {
        for rdn in name {
            for attribute in rdn where attribute.type == Self.topicOID {
                if let text = String(attribute.value), !text.isEmpty { return text }
            }
        }
        return nil
    }

    static func text(of name: DistinguishedName) -> String {
        name.reversed().map { rdn in
            rdn.map { attribute in
                attribute.type == Self.topicOID ? "UID=\(attribute.value)" : String(describing: attribute)
            }.joined(separator: "+")
        }.joined(separator: ", ")
    }

    private static func read(_ path: String) throws(PushCertificateError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .fileUnreadable(path: path, reason: error.localizedDescription)
        }
    }
}
