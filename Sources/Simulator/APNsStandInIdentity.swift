import Crypto
import Foundation
import X509

/// The TLS server identity of the APNs stand-in, and the root a client must trust to reach it.
///
/// `generate(hosts:)` makes a throwaway P-256 CA and a server certificate under it for loopback names, so
/// clients verify the stand-in properly (with the CA as trust root) rather than turning verification off.
/// It refuses nothing itself; a chain that does not fit the key fails when the stand-in starts.
public struct APNsStandInIdentity: Sendable {
    /// Leaf first, then any intermediates.
    public var certificateChain: [Certificate]
    public var privateKey: Certificate.PrivateKey
    /// What clients put in their trust store for this identity.
    public var trustRoot: Certificate

    public init(certificateChain: [Certificate], privateKey: Certificate.PrivateKey, trustRoot: Certificate) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.trustRoot = trustRoot
    }

    /// A fresh CA and a server certificate valid for a day for `hosts` (DNS names or IPv4/IPv6 literals).
    public static func generate(hosts: [String] = ["127.0.0.1", "localhost", "::1"], now: Date = Date()) throws(APNsStandInError) -> APNsStandInIdentity {
        do {
            let caKey = P256.Signing.PrivateKey()
            let caName = try DistinguishedName {
                OrganizationName("Palisade")
                CommonName("Palisade APNs stand-in CA")
            }
            let ca = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: .init(caKey.publicKey),
                notValidBefore: now.addingTimeInterval(-300),
                notValidAfter: now.addingTimeInterval(86_400),
                issuer: caName,
                subject: caName,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                },
                issuerPrivateKey: .init(caKey)
            )

            let serverKey = P256.Signing.PrivateKey()
            let serverName = try DistinguishedName {
                OrganizationName("Palisade")
                CommonName(hosts.first ?? "localhost")
            }
            let names: [GeneralName] = hosts.map { host in
                if let address = ipAddressBytes(host) { return .ipAddress(.init(contentBytes: address[...])) }
                return .dnsName(host)
            }
            let server = try Certificate(
                version: .v3,
                serialNumber: Certificate.SerialNumber(),
                publicKey: .init(serverKey.publicKey),
                notValidBefore: now.addingTimeInterval(-300),
                notValidAfter: now.addingTimeInterval(86_400),
                issuer: caName,
                subject: serverName,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([.serverAuth])
                    SubjectAlternativeNames(names)
                },
                issuerPrivateKey: .init(caKey)
            )
            return APNsStandInIdentity(certificateChain: [server], privateKey: .init(serverKey), trustRoot: ca)
        } catch {
            throw .identityUnusable(String(describing: error))
        }
    }

    /// Network-order bytes of an IPv4 or IPv6 literal, for an `iPAddress` subject alternative name.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
